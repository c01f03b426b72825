import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { CallFailure } from '../../../shared/callFailure';
import { callFailureSentence } from '../../../shared/callFailureSentences';
import { CANCELLED } from '../../../shared/callOutcome';
import type { Protocol } from '../../../shared/schemas';
import type { ResolvedRoute } from '../routes/service';
import { attemptCall, type AttemptResult } from './attempt';
import { sleepUnlessGone, type CallerGone } from './callerGone';
import type { Breakers } from './breaker';
import type { KeyHealth } from './keyHealth';
import { candidatesFor, type Candidate } from './modelMapping';
import { CONTEXT_OVERFLOW, errorAsStream, errorBody, type Usage } from './protocols';
import { breakerFailureOf } from './streamFailure';
import { sendWholeStream } from './streamRelay';
import { routeFailure, type ProviderFailure } from './failureRemedy';
import { CLIENT_LEFT, CLIENT_LEFT_FAILURE, failureAt, type AttemptFailure } from './retryRules';

export interface ProxyTimeouts {
  /** Streams: longest wait for a gateway's first byte (and between chunks). */
  firstByteMs: number;
  /** Non-streamed calls: longest wait for the whole answer, which gateways send only when done. */
  responseMs: number;
  /** A 429's Retry-After is waited out (once, when no other provider answered) only up to this. */
  retryAfterCapMs: number;
}

export interface ForwardDeps {
  dispatcher: Dispatcher;
  breakers: Breakers;
  keys: KeyHealth;
  timeouts: ProxyTimeouts;
  /** Whether the caller went away (see callerGone.ts). */
  gone: CallerGone;
}

/** What happened to one call, for the ledger. */
export interface CallOutcome {
  providerId: number | null;
  provider: string | null;
  servedModel: string | null;
  upstream: Protocol | null;
  status: number;
  errorClass: string | null;
  /** The sentence the caller was sent, or the in-stream error; null for a success. */
  errorMessage: string | null;
  /** That sentence as a code and its figures, where the proxy worded it (not the gateway's own words alone); null otherwise. */
  failure: CallFailure | null;
  usage: Usage | null;
  contentChars: number;
  /**
   * The request's input tokens as its endpoint estimates them, where the converters cannot read it
   * (embeddings, images, speech, moderations); null when the endpoint's input cannot be estimated
   * (an uploaded file), so a reply without usage is recorded unestimated.
   */
  inputEstimate?: number | null;
  /**
   * The caller left while a gateway held its whole request (after it was sent, before the answer):
   * the gateway read the prompt and bills it, so the ledger estimates it when no usage came back.
   */
  promptSent?: boolean;
  ttfbMs: number | null;
  attempts: number;
  failedProviders: string[];
  upstreamRequestId: string | null;
}

/** A call that reached no provider yet. */
export const EMPTY_OUTCOME: Readonly<CallOutcome> = {
  providerId: null,
  provider: null,
  servedModel: null,
  upstream: null,
  status: 0,
  errorClass: null,
  errorMessage: null,
  failure: null,
  usage: null,
  contentChars: 0,
  ttfbMs: null,
  attempts: 0,
  failedProviders: [],
  upstreamRequestId: null,
};

/**
 * The route's hops in order, each admitted by its breaker when its turn comes (so a half-open
 * breaker's single probe is spent only on a real try). When every hop is open, the one whose
 * cool-down ends first still gets the call: a slow answer beats "no provider available". The hops
 * passed over go into `passedOver`, for the sentence should the call fail.
 */
function* admittedInOrder(candidates: Candidate[], breakers: Breakers, passedOver: Candidate[]): Generator<Candidate> {
  for (const c of candidates) {
    if (breakers.admit(c.hop.provider.id) === 'open') passedOver.push(c);
    else yield c;
  }
  if (passedOver.length === candidates.length && passedOver.length) {
    const soonest = passedOver.reduce((a, b) => (breakers.retryAt(b.hop.provider.id) < breakers.retryAt(a.hop.provider.id) ? b : a));
    passedOver.splice(passedOver.indexOf(soonest), 1);
    yield soonest;
  }
}

/**
 * Exhausted credit (a 402, or a 429 that says so) is a billing error, not a rate limit: the SDKs in
 * Claude Code and Codex retry a 429 for minutes unless told not to (x-should-retry), and Codex
 * stops at once on OpenAI's insufficient_quota. A rejected key is told not to be retried either:
 * Claude Code retries a 401 for minutes, and the same key fails the same way each time. A context overflow is answered the way the
 * caller's own API answers it, so its tool compacts: a Responses stream gets a 200 whose
 * response.failed carries context_length_exceeded (Codex reads it nowhere else: a 400 is only an
 * invalid request to it), everything else a 400 in its protocol.
 */
function answerFailure(res: ServerResponse, caller: Protocol, failure: AttemptFailure, message: string, headers: Record<string, string>, streamed = false): void {
  if (res.headersSent) return void res.end();
  if (failure.kind === 'context_overflow' && caller === 'responses' && streamed) {
    return sendWholeStream(res, errorAsStream(caller, message, CONTEXT_OVERFLOW), headers);
  }
  const retryAfter = failure.retryAfterMs !== undefined ? { 'retry-after': String(Math.ceil(failure.retryAfterMs / 1000)) } : {};
  const quota = failure.kind === 'quota';
  const kind = quota ? 'billing_error' : failure.kind === 'context_overflow' ? CONTEXT_OVERFLOW : undefined;
  const futile = quota || failure.kind === 'auth';
  res.writeHead(failure.status, { 'content-type': 'application/json', ...headers, ...retryAfter, ...(futile ? { 'x-should-retry': 'false' } : {}) });
  res.end(JSON.stringify(errorBody(caller, failure.status, message, kind)));
}

/** A call no hop of the route can take: answered at once, and the ledger's row says why. */
export function refuseWithoutHop(res: ServerResponse, caller: Protocol, status: number, failure: CallFailure): CallOutcome {
  const message = callFailureSentence(failure);
  answerFailure(res, caller, { kind: 'request', status, message, retryable: false, keyProblem: false }, message, {});
  return { ...EMPTY_OUTCOME, failedProviders: [], status, errorClass: 'no_provider', errorMessage: message, failure };
}

/**
 * Under strict model, a requested model no hop serves is the caller's to change (or the route's).
 * Strict model filters hops only for a named model, so `requested` is always there when this is called.
 */
export function refuseUnservedModel(res: ServerResponse, caller: Protocol, requested: string | undefined): CallOutcome {
  return refuseWithoutHop(res, caller, 400, { code: 'model_unserved', model: String(requested) });
}

/** One try at one hop with one of its keys; `served` names the provider and model for the caller's headers. */
export type HopAttempt = (c: Candidate, key: string, served: Record<string, string>) => Promise<AttemptResult>;

/**
 * Sends a call along the route's candidates: each provider in turn (and each of its keys) until
 * one answers. Failover happens only before anything reached the caller; after that, a failure is
 * an in-stream error and the provider's breaker hears of it. `streamed`: the caller asked for a stream.
 */
export async function forwardAlong(res: ServerResponse, caller: Protocol, candidates: Candidate[], attempt: HopAttempt, deps: ForwardDeps, streamed = false): Promise<CallOutcome> {
  const { breakers } = deps;
  const outcome: CallOutcome = { ...EMPTY_OUTCOME, failedProviders: [] };
  const tryHop = async (c: Candidate): Promise<AttemptResult> => {
    const served = { 'x-switchboard-provider': c.hop.provider.name, 'x-switchboard-model': c.model ?? '' };
    let last: AttemptResult | undefined;
    for (const key of deps.keys.order(c.hop.provider.keys)) {
      outcome.attempts += 1;
      // A caller gone before the attempt began had nothing sent on its behalf.
      const sent = !deps.gone.aborted;
      const result = await attempt(c, key, served);
      if (!result.ok && result.failure.kind === CANCELLED) outcome.promptSent = sent;
      if (result.ok) {
        deps.keys.restore(key);
        return result;
      }
      last = result;
      if (!result.failure.keyProblem) break;
      deps.keys.setAside(key);
    }
    return last ?? { ok: false, upstream: null, failure: failureAt(c.hop.provider.name, { code: 'no_key' }, { kind: 'auth', status: 401, retryable: true, keyProblem: true }) };
  };

  const failures: ProviderFailure[] = [];
  let waitFor: { candidate: Candidate; until: number } | null = null;

  const settle = (c: Candidate, result: AttemptResult): boolean => {
    const id = c.hop.provider.id;
    if (result.ok) {
      // A caller that left mid-stream had content flowing: the provider was working.
      if (result.streamError && result.streamError.code !== CANCELLED) breakers.failure(id, breakerFailureOf(result.streamError));
      else breakers.success(id);
      Object.assign(outcome, {
        providerId: id,
        provider: c.hop.provider.name,
        servedModel: c.model ?? null,
        upstream: result.upstream,
        status: result.status,
        errorClass: result.streamError?.code ?? null,
        errorMessage: result.streamError?.message ?? null,
        failure: result.streamError?.failure ?? null,
        usage: result.usage,
        contentChars: result.contentChars,
        ttfbMs: result.ttfbMs,
        upstreamRequestId: result.upstreamRequestId,
      });
      return true;
    }
    const { failure } = result;
    failures.push({ provider: c.hop.provider.name, failure });
    // Until a provider serves the call, the ledger names the last one tried.
    Object.assign(outcome, { providerId: id, provider: c.hop.provider.name, servedModel: c.model ?? null, upstream: result.upstream });
    // The caller left while this provider was still working on it: no verdict on the provider.
    if (failure.kind === CANCELLED) {
      outcome.usage = result.usage ?? null;
      breakers.release(id);
      return false;
    }
    outcome.failedProviders.push(c.hop.provider.name);
    // A request error means the gateway is up and answering; only provider-side failures count.
    if (failure.retryable) breakers.failure(id, failure);
    else breakers.success(id);
    if (failure.kind === 'rate_limit' && failure.retryAfterMs !== undefined && failure.retryAfterMs <= deps.timeouts.retryAfterCapMs && !waitFor) {
      waitFor = { candidate: c, until: Date.now() + failure.retryAfterMs };
    }
    return false;
  };

  const passedOver: Candidate[] = [];
  for (const c of admittedInOrder(candidates, breakers, passedOver)) {
    const result = await tryHop(c);
    if (settle(c, result)) return outcome;
    // A cancellation is not retryable: a caller gone means no further hop is started.
    if (!result.ok && !result.failure.retryable) break;
  }
  const last = failures[failures.length - 1]?.failure;
  if (waitFor && last?.retryable && !deps.gone.aborted) {
    const { candidate, until } = waitFor as { candidate: Candidate; until: number };
    await sleepUnlessGone(Math.max(0, until - Date.now()), deps.gone);
    if (!deps.gone.aborted && settle(candidate, await tryHop(candidate))) return outcome;
  }

  if (deps.gone.aborted) {
    Object.assign(outcome, { status: CLIENT_LEFT.status, errorClass: CANCELLED, errorMessage: CLIENT_LEFT.message, failure: CLIENT_LEFT_FAILURE });
    return outcome;
  }
  const final = failures[failures.length - 1].failure;
  const resting = passedOver.map((c) => ({ provider: c.hop.provider.name, seconds: Math.max(1, Math.ceil((breakers.retryAt(c.hop.provider.id) - Date.now()) / 1000)) }));
  const failure = routeFailure(failures, streamed, resting);
  const message = callFailureSentence(failure);
  answerFailure(res, caller, final, message, {}, streamed);
  Object.assign(outcome, { status: final.status, errorClass: final.kind, errorMessage: message, failure });
  return outcome;
}

/** A generation request (Messages, Chat, Responses) along the client's route, converted for each provider as needed. */
export async function forwardGenerate(
  req: IncomingMessage,
  res: ServerResponse,
  body: Record<string, unknown>,
  raw: Buffer,
  caller: Protocol,
  route: ResolvedRoute,
  deps: ForwardDeps,
  started: number,
): Promise<CallOutcome> {
  const requested = typeof body.model === 'string' ? body.model : undefined;
  const candidates = candidatesFor(route, requested);
  if (!candidates.length) return refuseUnservedModel(res, caller, requested);
  const timeoutMs = body.stream === true ? deps.timeouts.firstByteMs : deps.timeouts.responseMs;
  return forwardAlong(
    res,
    caller,
    candidates,
    (c, key, served) =>
      attemptCall(
        { hop: c.hop, key, model: c.model, caller, body, raw, callerHeaders: req.headers, options: route.options, dispatcher: deps.dispatcher, timeoutMs, started, gone: deps.gone },
        res,
        served,
      ),
    deps,
    body.stream === true,
  );
}
