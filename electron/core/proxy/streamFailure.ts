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

/**
 * Names a mid-stream failure: the connection broke or stalled (`transportError`), the upstream
 * closed without its terminal event, or it sent an error event (or garbage) of its own.
 */
export function streamFailureOf(message: string, transportError: unknown): StreamFailure {
  if (transportError) {
    const timedOut = (transportError as { code?: string }).code === 'UND_ERR_BODY_TIMEOUT';
    return { code: timedOut ? 'stream_timeout' : 'stream_broken', message };
  }
  return { code: message === UNFINISHED_STREAM ? 'stream_truncated' : 'stream_error', message };
}
