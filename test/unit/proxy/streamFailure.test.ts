import { describe, expect, it } from 'vitest';
import { UNFINISHED_STREAM } from '../../../electron/core/proxy/protocols/streamLifecycle';
import { streamFailureOf } from '../../../electron/core/proxy/streamFailure';

describe('naming a failure after the stream reached the caller', () => {
  it('an error event (or garbage) the upstream sent is stream_error, keeping its sentence', () => {
    expect(streamFailureOf('upstream fell over', null)).toEqual({ code: 'stream_error', message: 'upstream fell over' });
  });

  it('a clean close without the terminal event is stream_truncated', () => {
    expect(streamFailureOf(UNFINISHED_STREAM, null)).toEqual({ code: 'stream_truncated', message: UNFINISHED_STREAM });
  });

  it('a reset connection is stream_broken; a stall past the chunk timeout is stream_timeout', () => {
    const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    expect(streamFailureOf('the stream broke off: other side closed', reset)).toEqual({ code: 'stream_broken', message: 'the stream broke off: other side closed' });
    const stalled = Object.assign(new Error('Body Timeout Error'), { code: 'UND_ERR_BODY_TIMEOUT' });
    expect(streamFailureOf('the stream broke off: Body Timeout Error', stalled).code).toBe('stream_timeout');
  });
});
