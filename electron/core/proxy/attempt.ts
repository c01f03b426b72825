import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { CANCELLED } from '../../../shared/callOutcome';
import type { Protocol } from '../../../shared/schemas';
import { gatewayErrorFromText, looksLikeHtml } from '../gateway/http';
import type { Hop } from '../routes/service';
import type { RouteOptions } from '../store/routes';
import {
  CONTEXT_OVERFLOW,
  convertRequest,
  convertResponse,
  convertResponseToStream,
  createStreamConverter,
  errorInReply,
  replyContentChars,
  saysContextOverflow,
  usageFromBody,
  type Usage,
} from './protocols';
import { classifyNetworkError, classifyStatus, CLIENT_LEFT, CLIENT_LEFT_FAILURE, failureAt, parseRetryAfter, type AttemptFailure } from './retryRules';
import { gatewayFailureMidAnswer, type StreamFailure } from './streamFailure';
import { relayStream, sendWholeStream } from './streamRelay';
import type { CallerGone } from './callerGone';
import { callUpstream, type UpstreamReply } from './upstreamCall';
import { upstreamEndpoint, upstreamProtocolFor } from './upstreamProtocol';
import { clampOutputTokens, passthroughBody, withProviderOutputCap, type PassthroughNeeds } from './passthroughBody';
import { jsonBytes } from './jsonBytes';

/** What one attempt at one provider with one key is given. */
export interface AttemptInput {
  hop: Hop;
  key: string;
  /** The model to ask this provider for. */
  model: string | undefined;
  caller: Protocol;
  body: Record<string, unknown>;
  /** The caller's bytes of `body`, sent as they are when a same-protocol call changes nothing. */
  raw: Buffer;
  callerHeaders: IncomingHttpHeaders;
  options: RouteOptions;
  dispatcher: Dispatcher;
  /** Longest wait for the answer's headers, and between body chunks. */
  timeoutMs: number;
  started: number;
  /** Whether the caller went away: the upstream call stops with it. */
  gone: CallerGone;
}

export type AttemptResult =
  | {
      ok: true;
      upstream: Protocol;
      status: number;
      usage: Usage | null;
      contentChars: number;
      ttfbMs: number | null;
      upstreamRequestId: string | null;
      /** The reply reached the caller but ended badly (an in-stream error was sent, or the caller left). */
      streamError: StreamFailure | null;
    }
  | {
      ok: false;
      upstream: Protocol | null;
      failure: AttemptFailure;
      /** A caller that left before the first content: the prompt counts the gateway had reported by then. */
      usage?: Usage | null;
    };

/** The gateway's id for the call, for matching the ledger against its logs. */
export function upstreamRequestIdOf(headers: Record<string, string | string[] | undefined>): string | null {
  const id = headers['x-request-id'] ?? headers['request-id'] ?? headers['x-oneapi-request-id'] ?? headers['x-new-api-request-id'];
  return typeof id === 'string' ? id : null;
}

/** A gateway's error status as a failure, with the gateway's own message (keys masked). */
export async function errorStatusFailure(provider: { name: string; keys: readonly string[] }, reply: UpstreamReply, options: RouteOptions): Promise<AttemptFailure> {
  const text = await reply.body.text().catch(() => '');
  const said = gatewayErrorFromText(text, reply.status, provider.keys);
  // The whole body is read: the overflow may be said by the code alone, which the message leaves out.
  return classifyStatus(reply.status, provider.name, said, options, parseRetryAfter(reply.headers['retry-after']), saysContextOverflow(text));
}

/** A reply body parsed; undefined when it is not JSON (which has no undefined of its own). */
export function parsedReply(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A success status whose body is not JSON: a login page, a challenge, or garbage. */
export function notJsonFailure(provider: string, text: string): AttemptFailure {
  return failureAt(provider, { code: looksLikeHtml(text) ? 'html_reply' : 'not_json' }, { kind: 'bad_reply', status: 502, retryable: true, keyProblem: false });
}

/** An error some gateways send with a success status, in the JSON body. */
export function embeddedFailure(provider: { name: string; keys: readonly string[] }, json: unknown, options: RouteOptions): AttemptFailure | null {
  const embedded = errorInReply(json, provider.keys);
  return embedded ? classifyStatus(embedded.status, provider.name, { code: 'said', words: embedded.message }, options, undefined, embedded.kind === CONTEXT_OVERFLOW) : null;
}

/** The request as the provider gets it: converted to its protocol, with the served model and its limits. */
function encodeOutgoing(caller: Protocol, upstream: Protocol, body: Record<string, unknown>, raw: Buffer, needs: PassthroughNeeds): Buffer {
  // The served model goes in before conversion: what a converter may pass on depends on it.
  const source = needs.model ? { ...body, model: needs.model } : body;
  const outgoing = upstream === caller ? { ...source } : convertRequest(caller, upstream, withProviderOutputCap(source, caller, upstream, needs.outputLimit));
  if (needs.askForUsage) outgoing.stream_options = { ...(outgoing.stream_options as object | undefined), include_usage: true };
  clampOutputTokens(outgoing, needs.outputLimit);
  return jsonBytes(outgoing, raw.length);
}

/**
 * One try: the request converted for the provider, sent, and its reply relayed to the caller when
 * it succeeds. A failure before anything reached the caller is returned, not written, so the
 * caller's next provider can still answer.
 */
export async function attemptCall(input: AttemptInput, res: ServerResponse, servedHeaders: Record<string, string>): Promise<AttemptResult> {
  const { hop, caller, body } = input;
  const provider = hop.provider;
  const upstream = upstreamProtocolFor(caller, provider.protocols);
  if (!upstream) {
    return { ok: false, upstream: null, failure: failureAt(provider.name, { code: 'no_protocol' }, { kind: 'request', status: 502, retryable: true, keyProblem: false }) };
  }
  const outputLimit = input.model ? provider.outputLimits[input.model] : undefined;
  // Chat streams carry usage only when asked; the ledger needs it (converters ask on their own).
  const askForUsage = upstream === 'chat' && caller === 'chat' && body.stream === true;
  const needs = { model: input.model, outputLimit, askForUsage };
  const sent = (upstream === caller && passthroughBody(input.raw, body, needs)) || encodeOutgoing(caller, upstream, body, input.raw, needs);
  const endpoint = upstreamEndpoint(upstream, provider, input.key, input.callerHeaders);
  // Whatever broke, a caller that left makes it a cancellation: nothing more is tried for nobody.
  const fail = (failure: AttemptFailure): AttemptResult => ({ ok: false, upstream, failure: input.gone.aborted ? CLIENT_LEFT : failure });

  let reply: UpstreamReply;
  try {
    reply = await callUpstream(input.dispatcher, { url: endpoint.url, headers: endpoint.headers, body: sent, timeoutMs: input.timeoutMs, gone: input.gone });
  } catch (err) {
    return fail(classifyNetworkError(err, provider.name));
  }

  const upstreamRequestId = upstreamRequestIdOf(reply.headers);
  const status = reply.status;
  if (status >= 400) return fail(await errorStatusFailure(provider, reply, input.options));

  const streamed = body.stream === true;
  const convertOptions = { model: (body.model as string | undefined) ?? input.model, request: body, secrets: provider.keys };
  const contentType = String(reply.headers['content-type'] ?? '');
  if (streamed && contentType.includes('text/event-stream')) {
    const outcome = await relayStream(reply.body, res, {
      converter: createStreamConverter(upstream, caller, { ...convertOptions, tellFailure: gatewayFailureMidAnswer(provider.name) }),
      passthrough: upstream === caller,
      headers: servedHeaders,
      started: input.started,
      provider: provider.name,
    });
    if (outcome.kind === 'failed_before_content') {
      // The gateway had read the prompt (Anthropic reports it as the stream opens): it is billed, so it is counted.
      if (input.gone.aborted) return { ok: false, upstream, failure: CLIENT_LEFT, usage: outcome.usage };
      if (outcome.transportError) return fail(classifyNetworkError(outcome.transportError, provider.name, true));
      const { mishap } = outcome;
      // An overflow said in the stream (Responses gateways send it as response.failed) is the 400 it would otherwise be.
      if (outcome.errorKind === CONTEXT_OVERFLOW) return fail(classifyStatus(400, provider.name, mishap, input.options, undefined, true));
      return fail(failureAt(provider.name, mishap, { kind: 'stream', status: 502, retryable: true, keyProblem: false }));
    }
    const streamError: StreamFailure | null = input.gone.aborted ? { code: CANCELLED, message: CLIENT_LEFT.message, failure: CLIENT_LEFT_FAILURE } : outcome.error;
    return { ok: true, upstream, status: 200, usage: outcome.usage, contentChars: outcome.contentChars, ttfbMs: outcome.ttfbMs, upstreamRequestId, streamError };
  }

  let text: string;
  try {
    text = await reply.body.text();
  } catch (err) {
    return fail(classifyNetworkError(err, provider.name, true));
  }
  const json = parsedReply(text);
  if (json === undefined) return fail(notJsonFailure(provider.name, text));
  const embedded = embeddedFailure(provider, json, input.options);
  if (embedded) return fail(embedded);
  const ttfbMs = Math.round(performance.now() - input.started);
  const usage = usageFromBody(upstream, json);
  // Only an estimate needs the reply's length, and only when the gateway reported no usage.
  const contentChars = usage ? 0 : replyContentChars(upstream, json);
  if (streamed) {
    // A gateway that ignored stream:true: the complete reply becomes the caller's stream.
    sendWholeStream(res, convertResponseToStream(upstream, caller, json, convertOptions), servedHeaders);
  } else if (upstream === caller) {
    res.writeHead(status, { 'content-type': 'application/json', ...servedHeaders });
    // The bytes as they came, unless the estimate must stand in for usage the gateway did not report.
    res.end(usage ? text : JSON.stringify(convertResponse(upstream, caller, json, convertOptions)));
  } else {
    res.writeHead(status, { 'content-type': 'application/json', ...servedHeaders });
    res.end(JSON.stringify(convertResponse(upstream, caller, json, convertOptions)));
  }
  return { ok: true, upstream, status, usage, contentChars, ttfbMs, upstreamRequestId, streamError: null };
}
