import type { AttemptFailure } from './retryRules';

/** One provider's failure, as the route's last try left it. */
export interface ProviderFailure {
  provider: string;
  failure: AttemptFailure;
}

const listed = (names: string[]) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]);

/**
 * What the person at the tool can do about a call no provider answered, by how the last try
 * failed; the gateways' own words (before it) say what went wrong. `providers`: the providers that
 * failed that way. None for a request the gateway refused: the request itself is the problem, and
 * the tool reads the gateway's words (a context overflow) to act on them.
 */
function remedyFor(failure: AttemptFailure, providers: string[], streamed: boolean, said: string): string | null {
  const names = listed(providers);
  const one = providers.length === 1;
  switch (failure.kind) {
    case 'auth':
      return `${names} rejected ${one ? 'its key' : 'their keys'}: set a working key with "switchboard provider edit ${providers[0]} --key -"`;
    case 'quota':
      return `${names} ${one ? 'has' : 'have'} no credit left for this key: top it up in the gateway's console, or put a provider with credit in this route`;
    case 'connection':
      return `check that ${names} ${one ? 'is' : 'are'} up and ${one ? 'its' : 'their'} base URL right with "switchboard provider test ${providers[0]}"`;
    case 'timeout':
      return `try again, or give gateways longer with "switchboard settings set ${streamed ? 'firstByteTimeoutMs' : 'responseTimeoutMs'} <ms>"`;
    case 'rate_limit':
      return `wait ${failure.retryAfterMs ? `${Math.ceil(failure.retryAfterMs / 1000)} s` : 'a moment'} and try again, or add another provider to this route`;
    case 'server':
    case 'bad_reply':
    case 'stream': {
      const another = `add another provider to this route ("switchboard provider test ${providers[0]}" checks it)`;
      // A gateway's page that already says to try again (later) gets only the advice it did not give.
      return /\btry again\b/i.test(said) ? `or ${another}` : `try again in a moment, or ${another}`;
    }
    default:
      return null;
  }
}

/**
 * Each failure in the providers' words, a failure several providers share said once for all of them
 * ("a and b could not be reached (ECONNREFUSED)"), so the sentence stays short when a route is down.
 */
function sayOnce(failures: ProviderFailure[]): string {
  const byWords = new Map<string, string[]>();
  for (const { provider, failure } of failures) {
    // Every failure's message starts with its provider's name; the rest is what happened.
    const words = failure.message.startsWith(provider) ? failure.message.slice(provider.length) : `: ${failure.message}`;
    const names = byWords.get(words) ?? [];
    if (!names.includes(provider)) names.push(provider);
    byWords.set(words, names);
  }
  return [...byWords].map(([words, names]) => `${listed(names)}${words}`).join('; ');
}

/**
 * The one sentence a caller gets when no provider answered: each provider's failure, then what to
 * do about the last kind of failure (which decides the answer's status).
 */
export function routeFailureMessage(failures: ProviderFailure[], streamed: boolean): string {
  const final = failures[failures.length - 1].failure;
  // An overflow is told alone: the earlier providers' failures would bury the sentence the tool looks for.
  const told = failures.length > 1 && final.kind !== 'context_overflow' ? failures : failures.slice(-1);
  const what = sayOnce(told);
  const sameKind = [...new Set(failures.filter((f) => f.failure.kind === final.kind).map((f) => f.provider))];
  const said = told.length > 1 ? `Every provider of this route failed: ${what}` : what;
  const remedy = remedyFor(final, sameKind, streamed, said);
  if (!remedy) return said;
  // The gateway's words stay as they came; a sentence of theirs that is finished gets ours after it.
  return /[.!?]$/.test(said) ? `${said} ${remedy[0].toUpperCase()}${remedy.slice(1)}.` : `${said} — ${remedy}.`;
}
