import type { CallFailure, ProviderMishap, RouteRemedy } from '../../../shared/callFailure';
import { routeFailureSaid } from '../../../shared/callFailureSentences';
import type { AttemptFailure } from './retryRules';

/** One provider's failure, as the route's last try left it. */
export interface ProviderFailure {
  provider: string;
  failure: AttemptFailure;
}

/** A provider the call passed over because its breaker was open, and how many seconds it rests yet. */
export interface RestingProvider {
  provider: string;
  seconds: number;
}

type RouteFailure = Extract<CallFailure, { code: 'route_failed' }>;

/**
 * What the person at the tool can do about a call no provider answered, by how the last try
 * failed; the gateways' own words (before it) say what went wrong. `providers`: the providers that
 * failed that way. None for a request the gateway refused: the request itself is the problem, and
 * the tool reads the gateway's words (a context overflow) to act on them.
 */
function remedyFor(failure: AttemptFailure, providers: string[], streamed: boolean, said: string): RouteRemedy | null {
  // A gateway's words that already say to try again (later, in 20 s) get only the advice they did not give.
  const alreadySaid = /\btry again\b/i.test(said);
  switch (failure.kind) {
    case 'auth':
      return { code: 'fix_key', providers };
    case 'quota':
      return { code: 'top_up', providers };
    case 'connection':
      return { code: 'check_reachable', providers };
    case 'timeout':
      return { code: 'allow_longer', setting: streamed ? 'firstByteTimeoutMs' : 'responseTimeoutMs' };
    case 'rate_limit':
      return { code: 'wait', seconds: failure.retryAfterMs ? Math.ceil(failure.retryAfterMs / 1000) : null, alreadySaid };
    case 'server':
    case 'bad_reply':
    case 'stream':
      return { code: 'add_provider', provider: providers[0], alreadySaid };
    default:
      return null;
  }
}

/**
 * Each failure in the providers' words, a failure several providers share said once for all of them
 * ("a and b could not be reached (ECONNREFUSED)"), so the sentence stays short when a route is down.
 */
function sayOnce(failures: { provider: string; mishap: ProviderMishap }[]): RouteFailure['failures'] {
  const byMishap = new Map<string, { providers: string[]; mishap: ProviderMishap }>();
  for (const { provider, mishap } of failures) {
    const key = JSON.stringify(mishap);
    const same = byMishap.get(key) ?? { providers: [], mishap };
    if (!same.providers.includes(provider)) same.providers.push(provider);
    byMishap.set(key, same);
  }
  return [...byMishap.values()];
}

/**
 * What a caller is told when no provider answered: the providers passed over while their breakers
 * were open (when the last failure was the provider's, not the request's), each provider's failure,
 * then what to do about the last kind of failure (which decides the answer's status). Its English is
 * callFailureSentence's.
 */
export function routeFailure(failures: ProviderFailure[], streamed: boolean, resting: RestingProvider[] = []): RouteFailure {
  const final = failures[failures.length - 1].failure;
  // An overflow is told alone: the earlier providers' failures would bury the sentence the tool looks for.
  const told = failures.length > 1 && final.kind !== 'context_overflow' ? failures : failures.slice(-1);
  const passedOver = final.retryable ? resting.map(({ provider, seconds }) => ({ provider, mishap: { code: 'resting', seconds } as const })) : [];
  // Only a caller that left has no mishap, and that call is recorded as cancelled, not told.
  const tried = told.map(({ provider, failure }) => ({ provider, mishap: failure.mishap ?? { code: 'said' as const, words: failure.message } }));
  const said: RouteFailure = { code: 'route_failed', failures: sayOnce([...passedOver, ...tried]), everyProvider: passedOver.length + told.length > 1, remedy: null };
  const sameKind = [...new Set(failures.filter((f) => f.failure.kind === final.kind).map((f) => f.provider))];
  return { ...said, remedy: remedyFor(final, sameKind, streamed, routeFailureSaid(said)) };
}
