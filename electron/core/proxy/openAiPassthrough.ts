import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { ResolvedRoute } from '../routes/service';
import { looksLikeHtml } from '../gateway/http';
import { OPENAI_SIDE_SHAPES, type OpenAiSidePath } from './callerProtocol';
import { embeddedFailure, errorStatusFailure, notJsonFailure, parsedReply, upstreamRequestIdOf, type AttemptResult } from './attempt';
import { forwardAlong, refuseUnservedModel, refuseWithoutHop, type CallOutcome, type ForwardDeps } from './forward';
import { candidatesFor, type Candidate } from './modelMapping';
import { multipartField, replaceMultipartField } from './multipartForm';
import { estimateOpenAiSideInputTokens, usageFromOpenAiSideReply, type Usage } from './protocols';
import { classifyNetworkError, CLIENT_LEFT, type AttemptFailure } from './retryRules';
import { callUpstream, type UpstreamReply } from './upstreamCall';
import { upstreamHeaders } from './upstreamProtocol';

/** What one passthrough call is given besides the hop and key. */
interface PassthroughCall {
  path: OpenAiSidePath;
  /** The JSON body, or an upload's fields the proxy acts on (see uploadFields). */
  body: Record<string, unknown>;
  /** The caller's bytes, sent as they are when the hop keeps the caller's model. */
  raw: Buffer;
  /** A multipart/form-data upload's boundary; null for a JSON body. */
  boundary: string | null;
  callerHeaders: IncomingHttpHeaders;
  route: ResolvedRoute;
  started: number;
}

/** These endpoints live at a provider's OpenAI base; a provider that speaks only Anthropic has none. */
const speaksOpenAi = (c: Candidate) => c.hop.provider.protocols.some((p) => p !== 'anthropic');

/**
 * The fields of an upload the proxy acts on: `model` picks the hops and is mapped per hop, and
 * `stream` (a transcript as events) is the ledger's flag. The file parts are not read.
 */
export function uploadFields(raw: Buffer, boundary: string): Record<string, unknown> {
  const model = multipartField(raw, boundary, 'model');
  return { ...(model !== undefined ? { model } : {}), ...(multipartField(raw, boundary, 'stream') === 'true' ? { stream: true } : {}) };
}

/** The caller's bytes with the hop's model in place of the caller's; an upload keeps every other byte. */
function outgoingBody(model: string | undefined, call: PassthroughCall): Buffer | string {
  if (model === undefined || model === call.body.model) return call.raw;
  return call.boundary ? replaceMultipartField(call.raw, call.boundary, 'model', model) : JSON.stringify({ ...call.body, model });
}

/** One try at one hop with one key: the body as sent (model mapped), the reply relayed as the gateway wrote it. */
async function attemptPassthrough(c: Candidate, key: string, served: Record<string, string>, call: PassthroughCall, res: ServerResponse, deps: ForwardDeps): Promise<AttemptResult> {
  const { provider } = c.hop;
  const fail = (failure: AttemptFailure): AttemptResult => ({ ok: false, upstream: 'chat', failure: deps.gone.aborted ? CLIENT_LEFT : failure });
  const headers = upstreamHeaders('chat', key, call.callerHeaders);
  // An upload keeps its content type: the boundary in it is what separates the parts.
  if (call.boundary) headers['content-type'] = String(call.callerHeaders['content-type']);
  let reply: UpstreamReply | undefined;
  let bytes: Buffer;
  try {
    reply = await callUpstream(deps.dispatcher, {
      url: `${provider.baseUrl}${call.path}`,
      headers,
      body: outgoingBody(c.model, call),
      timeoutMs: deps.timeouts.responseMs,
      gone: deps.gone,
    });
    if (reply.status >= 400) return fail(await errorStatusFailure(provider, reply, call.route.options));
    bytes = await reply.body.bytes();
  } catch (err) {
    return fail(classifyNetworkError(err, provider.name, reply !== undefined));
  }
  const succeeded = (usage: Usage | null): AttemptResult => ({
    ok: true,
    upstream: 'chat',
    status: reply.status,
    usage,
    contentChars: 0,
    ttfbMs: Math.round(performance.now() - call.started),
    upstreamRequestId: upstreamRequestIdOf(reply.headers),
    streamError: null,
  });
  const contentType = String(reply.headers['content-type'] ?? '');
  if (OPENAI_SIDE_SHAPES[call.path].nonJsonReply && !/json/i.test(contentType)) {
    // Audio, or a transcript asked for as text, SRT or VTT: relayed as it came, never decoded.
    // Only an HTML page (a login or a challenge) is a failure dressed as a success.
    if (/text\/html/i.test(contentType) || looksLikeHtml(bytes.toString('latin1', 0, 256))) return fail(notJsonFailure(provider.name, bytes.toString('utf8')));
    res.writeHead(reply.status, { 'content-type': contentType || 'application/octet-stream', ...served });
    res.end(bytes);
    return succeeded(null);
  }
  const text = bytes.toString('utf8');
  const json = parsedReply(text);
  if (json === undefined) return fail(notJsonFailure(provider.name, text));
  const embedded = embeddedFailure(provider, json, call.route.options);
  if (embedded) return fail(embedded);
  res.writeHead(reply.status, { 'content-type': 'application/json', ...served });
  res.end(text);
  return succeeded(usageFromOpenAiSideReply(json));
}

/**
 * Embeddings, images, audio and moderations: OpenAI-only endpoints with no conversion, sent as
 * they are (model mapped per hop) along the route's providers that speak OpenAI, with the same
 * failover, breakers and key rotation as generation calls.
 */
export async function forwardOpenAiPassthrough(
  res: ServerResponse,
  call: PassthroughCall,
  deps: ForwardDeps,
): Promise<CallOutcome> {
  const requested = typeof call.body.model === 'string' ? call.body.model : undefined;
  const candidates = candidatesFor(call.route, requested);
  if (!candidates.length) return refuseUnservedModel(res, 'chat', requested);
  const openAi = candidates.filter(speaksOpenAi);
  if (!openAi.length) {
    return refuseWithoutHop(res, 'chat', 503, { code: 'no_openai_provider', path: call.path, providers: candidates.map((c) => c.hop.provider.name) });
  }
  const outcome = await forwardAlong(res, 'chat', openAi, (c, key, served) => attemptPassthrough(c, key, served, call, res, deps), deps);
  // Only a reply without usage is estimated: a batch of embeddings inputs is not walked for nothing.
  // An upload's cost is in its file (seconds of audio, an image), which the proxy does not decode:
  // no estimate at all rather than one from its text fields that would look like a measurement.
  if (outcome.usage) return outcome;
  return { ...outcome, inputEstimate: call.boundary ? null : estimateOpenAiSideInputTokens(call.body) };
}
