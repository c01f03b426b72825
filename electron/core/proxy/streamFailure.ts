import type { CANCELLED } from '../../../shared/callOutcome';
import { UNFINISHED_STREAM } from './protocols/streamLifecycle';

/**
 * How a stream that had already reached the caller ended badly: a code for the ledger beside the
 * sentence ('cancelled' when the caller itself left).
 */
export interface StreamFailure {
  code: 'stream_error' | 'stream_truncated' | 'stream_broken' | 'stream_timeout' | typeof CANCELLED;
  message: string;
}

/** What a provider did to an answer the caller already has part of, then what the person can do: the sentence of every mid-stream failure. */
export const incompleteAnswer = (what: string) => `${what}; the answer is incomplete: ask again`;

/**
 * A failure the gateway itself reported mid-answer (its error event, garbage, or the stream closed
 * before its terminal event), naming the provider and keeping the gateway's words. Built only on the
 * failure path: the converters, which know no provider, call it when their decoder reports an error.
 */
export function gatewayFailureMidAnswer(provider: string): (message: string) => string {
  return (message) => incompleteAnswer(`${provider} broke off its answer (${message === UNFINISHED_STREAM ? 'it closed the stream before its last event' : `it sent an error: ${message}`})`);
}

/**
 * Names a mid-stream failure: the connection broke or stalled (`transportError`), the upstream
 * closed without its terminal event (`cutOff`), or it sent an error event (or garbage) of its own.
 */
export function streamFailureOf(message: string, transportError: unknown, cutOff: boolean): StreamFailure {
  if (transportError) {
    const timedOut = (transportError as { code?: string }).code === 'UND_ERR_BODY_TIMEOUT';
    return { code: timedOut ? 'stream_timeout' : 'stream_broken', message };
  }
  return { code: cutOff ? 'stream_truncated' : 'stream_error', message };
}
