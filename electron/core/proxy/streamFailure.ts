import type { CallFailure } from '../../../shared/callFailure';
import { callFailureSentence, UNFINISHED_STREAM } from '../../../shared/callFailureSentences';
import type { CANCELLED } from '../../../shared/callOutcome';
import type { BreakerFailure } from './breaker';
import type { StreamProgress } from './protocols';
import { classifyNetworkError } from './retryRules';

/**
 * How a stream that had already reached the caller ended badly: a code for the ledger beside the
 * sentence ('cancelled' when the caller itself left), and the sentence as a code and its figures
 * when the proxy worded it (null: the sentence is the upstream's alone).
 */
export interface StreamFailure {
  code: 'stream_error' | 'stream_truncated' | 'stream_broken' | 'stream_timeout' | typeof CANCELLED;
  message: string;
  failure: CallFailure | null;
}

type AnswerIncomplete = Extract<CallFailure, { code: 'answer_incomplete' }>;

/** A failure the gateway itself reported mid-answer: the stream closed before its terminal event, or its error event (or garbage). */
function gatewayFailedMidAnswer(provider: string, message: string): AnswerIncomplete {
  return { code: 'answer_incomplete', provider, mishap: message === UNFINISHED_STREAM ? { code: 'closed_early' } : { code: 'sent_error', words: message } };
}

/** The connection under an answer already begun broke or fell silent. */
export function connectionFailedMidAnswer(provider: string, err: unknown): AnswerIncomplete {
  return { code: 'answer_incomplete', provider, mishap: classifyNetworkError(err, provider, true).mishap };
}

/**
 * A gateway's own failure mid-answer as the caller and the ledger get it: naming the provider and
 * keeping the gateway's words. Built only on the failure path: the converters, which know no
 * provider, call it when their decoder reports an error.
 */
export function gatewayFailureMidAnswer(provider: string): (message: string) => string {
  return (message) => callFailureSentence(gatewayFailedMidAnswer(provider, message));
}

/**
 * Names a mid-stream failure: the connection broke or stalled (`transportError`), the upstream
 * closed without its terminal event (`progress.cutOff`), or it sent an error event (or garbage) of
 * its own. The sentence is the first failure's: the gateway's when the proxy worded its words
 * (`progress.upstreamError`), else the broken connection's.
 */
export function streamFailureOf(provider: string, progress: Pick<StreamProgress, 'error' | 'upstreamError' | 'cutOff'>, transportError: unknown): StreamFailure {
  const message = progress.error ?? '';
  const failure =
    progress.upstreamError !== null ? gatewayFailedMidAnswer(provider, progress.upstreamError) : transportError ? connectionFailedMidAnswer(provider, transportError) : null;
  if (transportError) {
    const timedOut = (transportError as { code?: string }).code === 'UND_ERR_BODY_TIMEOUT';
    return { code: timedOut ? 'stream_timeout' : 'stream_broken', message, failure };
  }
  return { code: progress.cutOff ? 'stream_truncated' : 'stream_error', message, failure };
}

/** A mid-stream failure as the provider's breaker keeps it: the sentence, and what went wrong there where the proxy worded it. */
export function breakerFailureOf(failure: StreamFailure): BreakerFailure {
  return { message: failure.message, mishap: failure.failure?.code === 'answer_incomplete' ? failure.failure.mishap : undefined };
}
