import type { CallFailure, ProviderMishap } from '../../../shared/callFailure';
import { callFailureSentence, providerMishapSentence } from '../../../shared/callFailureSentences';
import { CANCELLED, CLIENT_CLOSED_STATUS } from '../../../shared/callOutcome';
import type { RouteOptions } from '../store/routes';

/** Why an attempt at one provider failed, and what that means for the next step. */
export interface AttemptFailure {
  kind: 'connection' | 'timeout' | 'auth' | 'quota' | 'rate_limit' | 'server' | 'bad_reply' | 'stream' | 'request' | 'context_overflow' | typeof CANCELLED;
  /** The status to answer with if this is the last failure (502 for network-level failures). */
  status: number;
  /** The provider's name and what went wrong there: the mishap's English sentence, or the caller leaving. */
  message: string;
  /** What went wrong at the provider, for the dashboard to word; absent when the caller left (no provider's doing). */
  mishap?: ProviderMishap;
  /** Worth trying another key or provider. */
  retryable: boolean;
  /** The key itself is the problem (rejected or out of quota): set it aside and use the next one. */
  keyProblem: boolean;
  retryAfterMs?: number;
}

/** A failure at a provider: it always says what went wrong there. */
export type ProviderAttemptFailure = AttemptFailure & { mishap: ProviderMishap };

/** A failure at `provider`, its message the mishap's English sentence. */
export function failureAt(provider: string, mishap: ProviderMishap, how: Omit<AttemptFailure, 'message' | 'mishap'>): ProviderAttemptFailure {
  return { ...how, message: providerMishapSentence(provider, mishap), mishap };
}

/** The client went away, as the ledger keeps it beside the sentence. */
export const CLIENT_LEFT_FAILURE: CallFailure = { code: 'caller_left' };

/** The client went away: nobody is left to answer, so no other key or provider is tried. */
export const CLIENT_LEFT: AttemptFailure = {
  kind: CANCELLED,
  status: CLIENT_CLOSED_STATUS,
  message: callFailureSentence(CLIENT_LEFT_FAILURE),
  retryable: false,
  keyProblem: false,
};

const QUOTA_TEXT = /insufficient|quota|balance|credit|余额|额度/i;

/** Seconds or an HTTP date, as Retry-After allows. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Classifies an upstream error status with the built-in rules plus the route's own. A prompt too
 * long for the model (`overflow`, when the status is the caller's fault) is the caller's to fix:
 * like any other 400 it goes to no other provider (the same prompt would cost another round trip
 * there, and the tool compacts on the answer) unless the route's own rules say so.
 */
export function classifyStatus(status: number, provider: string, mishap: ProviderMishap, options: RouteOptions, retryAfterMs?: number, overflow = false): ProviderAttemptFailure {
  const message = providerMishapSentence(provider, mishap);
  const base = { status, message, mishap, retryAfterMs };
  if (status === 401 || status === 403) return { ...base, kind: 'auth', retryable: true, keyProblem: true };
  if (status === 402 || (status === 429 && QUOTA_TEXT.test(message))) return { ...base, kind: 'quota', retryable: true, keyProblem: true };
  if (status === 429) return { ...base, kind: 'rate_limit', retryable: true, keyProblem: false };
  if (status === 408 || status >= 500) return { ...base, kind: 'server', retryable: true, keyProblem: false };
  const custom =
    options.retryStatuses?.includes(status) ||
    options.retryPatterns?.some((p) => message.toLowerCase().includes(p.toLowerCase()));
  if (custom) return { ...base, kind: 'server', retryable: true, keyProblem: false };
  return { ...base, kind: overflow ? 'context_overflow' : 'request', retryable: false, keyProblem: false };
}

/**
 * Network-level failures: refused, reset, DNS, timeouts. All are worth another provider.
 * `midReply`: the gateway had answered (its headers came) and then broke off or fell silent, so
 * it was reached: saying "could not be reached" would send the user to check the wrong thing.
 */
export function classifyNetworkError(err: unknown, provider: string, midReply = false): ProviderAttemptFailure {
  const code = (err as { code?: string })?.code ?? '';
  const timeout = code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || (err as Error)?.name === 'TimeoutError';
  const reason = (midReply ? (err as Error)?.message || code : code || (err as Error)?.message) || 'connection failed';
  const mishap: ProviderMishap = midReply
    ? timeout
      ? { code: 'stalled' }
      : { code: 'broke_off', reason }
    : timeout
      ? { code: 'no_answer_in_time' }
      : { code: 'unreachable', reason };
  const kind = timeout ? 'timeout' : midReply ? 'stream' : 'connection';
  return failureAt(provider, mishap, { kind, status: timeout ? 504 : 502, retryable: true, keyProblem: false });
}
