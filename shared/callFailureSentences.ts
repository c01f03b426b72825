// A failed call's sentence in English: what the tool (Claude Code, Codex) is sent, what the ledger
// keeps beside the code, and what the command line prints. The dashboard words the same figures
// through its catalogue, in the chosen language.
import type { CallFailure, ProviderMishap, RouteRemedy } from './callFailure';

/** What a converter says of a stream that closed before its terminal event. */
export const UNFINISHED_STREAM = 'The upstream closed the stream before the reply was complete.';

/** A gateway's error answer as the proxy and the accounts read it: its own words, or what its page or empty body shows. */
export type GatewayError = Extract<ProviderMishap, { code: 'said' | 'error_page' | 'empty_error' }>;

export function gatewayErrorSentence(error: GatewayError): string {
  switch (error.code) {
    case 'said':
      return error.words;
    case 'error_page': {
      const page = error.title ? `an HTML page ("${error.title}")` : 'an HTML page';
      return error.failing
        ? `it answered with ${page} instead of JSON: the gateway or a proxy in front of it is failing, try again later`
        : `it answered with ${page} instead of JSON (a login page or a Cloudflare challenge?)`;
    }
    case 'empty_error':
      return `HTTP ${error.status} with an empty body`;
  }
}

/** "a", "a and b", "a, b and c". */
export const listedNames = (names: readonly string[]) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]);

/** What went wrong at one provider (or several that failed alike), their names first. */
export function providerMishapSentence(provider: string, mishap: ProviderMishap): string {
  switch (mishap.code) {
    case 'unreachable':
      return `${provider} could not be reached (${mishap.reason})`;
    case 'no_answer_in_time':
      return `${provider} did not answer in time`;
    case 'no_protocol':
      return `${provider} speaks no protocol the proxy can use`;
    case 'no_key':
      return `${provider} has no key`;
    case 'said':
    case 'error_page':
    case 'empty_error':
      return `${provider}: ${gatewayErrorSentence(mishap)}`;
    case 'html_reply':
      return `${provider} answered with an HTML page instead of JSON (a login page or a Cloudflare challenge?)`;
    case 'not_json':
      return `${provider} answered with something that is not JSON`;
    case 'closed_without_reply':
      return `${provider}: the gateway closed the stream without a reply`;
    case 'closed_unfinished':
      return `${provider}: ${UNFINISHED_STREAM}`;
    case 'stalled':
      return `${provider} stopped sending before its answer was complete`;
    case 'broke_off':
      return `${provider} broke off its answer (${mishap.reason})`;
    case 'closed_early':
      return `${provider} broke off its answer (it closed the stream before its last event)`;
    case 'sent_error':
      return `${provider} broke off its answer (it sent an error: ${mishap.words})`;
    case 'resting':
      return `${provider}: not asked, resting another ${mishap.seconds} s after repeated failures`;
  }
}

function remedySentence(remedy: RouteRemedy): string {
  switch (remedy.code) {
    case 'fix_key':
    case 'top_up':
    case 'check_reachable': {
      const names = listedNames(remedy.providers);
      const one = remedy.providers.length === 1;
      if (remedy.code === 'fix_key') return `${names} rejected ${one ? 'its key' : 'their keys'}: set a working key with "switchboard provider edit ${remedy.providers[0]} --key -"`;
      if (remedy.code === 'top_up') return `${names} ${one ? 'has' : 'have'} no credit left for this key: top it up in the gateway's console, or put a provider with credit in this route`;
      return `check that ${names} ${one ? 'is' : 'are'} up and ${one ? 'its' : 'their'} base URL right with "switchboard provider test ${remedy.providers[0]}"`;
    }
    case 'allow_longer':
      return `try again, or give gateways longer with "switchboard settings set ${remedy.setting} <ms>"`;
    case 'wait':
      if (remedy.alreadySaid) return 'or add another provider to this route';
      return `wait ${remedy.seconds ? `${remedy.seconds} s` : 'a moment'} and try again, or add another provider to this route`;
    case 'add_provider': {
      const another = `add another provider to this route ("switchboard provider test ${remedy.provider}" checks it)`;
      return remedy.alreadySaid ? `or ${another}` : `try again in a moment, or ${another}`;
    }
  }
}

/** What the providers of a failed route said, without the remedy: each failure once, for every provider that failed that way. */
export function routeFailureSaid(failure: Extract<CallFailure, { code: 'route_failed' }>): string {
  const what = failure.failures.map(({ providers, mishap }) => providerMishapSentence(listedNames(providers), mishap)).join('; ');
  return failure.everyProvider ? `Every provider of this route failed: ${what}` : what;
}

export function callFailureSentence(failure: CallFailure): string {
  switch (failure.code) {
    case 'answer_incomplete':
      return `${providerMishapSentence(failure.provider, failure.mishap)}; the answer is incomplete: ask again`;
    case 'model_unserved':
      return `No provider in this route serves ${failure.model} and the route forbids serving another model; map a provider to ${failure.model} or turn off strict model.`;
    case 'no_openai_provider':
      return `/v1${failure.path} needs a provider that speaks the OpenAI protocol, and this route has none (${failure.providers.join(', ')}); add one to the route.`;
    case 'internal':
      return `Switchboard failed to handle the call: ${failure.reason}`;
    case 'caller_left':
      return 'The client closed the connection before the answer was finished; the upstream call was stopped.';
    case 'route_failed':
      return routeFailureSentence(failure);
  }
}

function routeFailureSentence(failure: Extract<CallFailure, { code: 'route_failed' }>): string {
  const said = routeFailureSaid(failure);
  if (!failure.remedy) return said;
  const remedy = remedySentence(failure.remedy);
  // The gateway's words stay as they came; a sentence of theirs that is finished gets ours after it.
  return /[.!?]$/.test(said) ? `${said} ${remedy[0].toUpperCase()}${remedy.slice(1)}.` : `${said} — ${remedy}.`;
}
