import { describe, expect, it } from 'vitest';
import { UNFINISHED_STREAM } from '../../../electron/core/proxy/protocols/streamLifecycle';
import { gatewayFailureMidAnswer, streamFailureOf } from '../../../electron/core/proxy/streamFailure';

describe('naming a failure after the stream reached the caller', () => {
  it('an error event (or garbage) the upstream sent is stream_error, keeping its sentence and, when the proxy worded it, the gateway\u2019s words as its figure', () => {
    expect(streamFailureOf('a', { error: 'upstream fell over', upstreamError: null, cutOff: false }, null)).toEqual({ code: 'stream_error', message: 'upstream fell over', failure: null });
    const told = gatewayFailureMidAnswer('a')('upstream fell over');
    expect(streamFailureOf('a', { error: told, upstreamError: 'upstream fell over', cutOff: false }, null)).toEqual({
      code: 'stream_error',
      message: told,
      failure: { code: 'answer_incomplete', provider: 'a', mishap: { code: 'sent_error', words: 'upstream fell over' } },
    });
  });

  it('a clean close without the terminal event is stream_truncated, however it is worded', () => {
    expect(streamFailureOf('a', { error: gatewayFailureMidAnswer('a')(UNFINISHED_STREAM), upstreamError: UNFINISHED_STREAM, cutOff: true }, null)).toEqual({
      code: 'stream_truncated',
      message: 'a broke off its answer (it closed the stream before its last event); the answer is incomplete: ask again',
      failure: { code: 'answer_incomplete', provider: 'a', mishap: { code: 'closed_early' } },
    });
  });

  it('a reset connection is stream_broken; a stall past the chunk timeout is stream_timeout', () => {
    const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    const broken = 'a broke off its answer (other side closed); the answer is incomplete: ask again';
    expect(streamFailureOf('a', { error: broken, upstreamError: null, cutOff: false }, reset)).toEqual({
      code: 'stream_broken',
      message: broken,
      failure: { code: 'answer_incomplete', provider: 'a', mishap: { code: 'broke_off', reason: 'other side closed' } },
    });
    const stalled = Object.assign(new Error('Body Timeout Error'), { code: 'UND_ERR_BODY_TIMEOUT' });
    expect(streamFailureOf('a', { error: 'a stopped sending', upstreamError: null, cutOff: false }, stalled)).toMatchObject({
      code: 'stream_timeout',
      failure: { code: 'answer_incomplete', provider: 'a', mishap: { code: 'stalled' } },
    });
  });

  it("a gateway's own error mid-answer names the provider and keeps the gateway's words", () => {
    expect(gatewayFailureMidAnswer('a')('Overloaded.')).toBe('a broke off its answer (it sent an error: Overloaded.); the answer is incomplete: ask again');
  });
});
