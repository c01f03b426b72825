/** The error class of a call whose client went away before the answer was finished. */
export const CANCELLED = 'cancelled';

/** Status kept for a call its client abandoned before any answer was sent (nginx's "client closed request"). */
export const CLIENT_CLOSED_STATUS = 499;

/**
 * How a ledger row ended, for every surface that shows it: a success, a failure before anything
 * reached the client, a failure after the stream had started (status 200, then an error), or a
 * call the client abandoned (neither a success nor an error).
 */
export type CallOutcomeKind = 'ok' | 'failed' | 'failed_mid_stream' | 'cancelled';

export function callOutcomeOf(call: { status: number; errorClass: string | null; streamed: boolean }): CallOutcomeKind {
  if (call.errorClass === CANCELLED) return 'cancelled';
  if (call.status >= 400) return 'failed';
  if (call.errorClass) return call.streamed ? 'failed_mid_stream' : 'failed';
  return 'ok';
}
