import { describe, expect, it } from 'vitest';
import { UNFINISHED_STREAM } from '../../../electron/core/proxy/protocols/streamLifecycle';
import { gatewayFailureMidAnswer, streamFailureOf } from '../../../electron/core/proxy/streamFailure';

describe('naming a failure after the stream reached the caller', () => {
  it('an error event (or garbage) the upstream sent is stream_error, keeping its sentence', () => {
    expect(streamFailureOf('upstream fell over', null, false)).toEqual({ code: 'stream_error', message: 'upstream fell over' });
  });

  it('a clean close without the terminal event is stream_truncated, however it is worded', () => {
    expect(streamFailureOf(gatewayFailureMidAnswer('a')(UNFINISHED_STREAM), null, true)).toEqual({
      code: 'stream_truncated',
      message: 'a broke off its answer (it closed the stream before its last event); the answer is incomplete: ask again',
    });
  });

  it('a reset connection is stream_broken; a stall past the chunk timeout is stream_timeout', () => {
    const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    expect(streamFailureOf('the stream broke off: other side closed', reset, false)).toEqual({ code: 'stream_broken', message: 'the stream broke off: other side closed' });
    const stalled = Object.assign(new Error('Body Timeout Error'), { code: 'UND_ERR_BODY_TIMEOUT' });
    expect(streamFailureOf('the stream broke off: Body Timeout Error', stalled, false).code).toBe('stream_timeout');
  });

  it("a gateway's own error mid-answer names the provider and keeps the gateway's words", () => {
    expect(gatewayFailureMidAnswer('a')('Overloaded.')).toBe('a broke off its answer (it sent an error: Overloaded.); the answer is incomplete: ask again');
  });
});
