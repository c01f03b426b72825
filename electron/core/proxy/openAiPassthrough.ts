import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { ResolvedRoute } from '../routes/service';
import type { OpenAiSidePath } from './callerProtocol';
import { embeddedFailure, errorStatusFailure, notJsonFailure, parsedReply, upstreamRequestIdOf, type AttemptResult } from './attempt';
import { forwardAlong, refuseUnservedModel, refuseWithoutHop, type CallOutcome, type ForwardDeps } from './forward';
import { candidatesFor, type Candidate } from './modelMapping';
import { estimateOpenAiSideInputTokens, usageFromOpenAiSideReply } from './protocols';
import { classifyNetworkError, CLIENT_LEFT, type AttemptFailure } from './retryRules';
import { callUpstream, type UpstreamReply } from './upstreamCall';
import { upstreamHeaders } from './upstreamProtocol';

/** What one passthrough call is given besides the hop and key. */
interface PassthroughCall {
  path: OpenAiSidePath;
  body: Record<string, unknown>;
  /** The caller's bytes of `body`, sent as they are when the hop keeps the caller's model. */
  raw: Buffer;
  callerHeaders: IncomingHttpHeaders;
  route: ResolvedRoute;
  started: number;
}

/** These endpoints live at a provider's OpenAI base; a provider that speaks only Anthropic has none. */
const speaksOpenAi = (c: Candidate) => c.hop.provider.protocols.some((p) => p !== 'anthropic');

/** One try at one hop with one key: the body as sent (model mapped), the reply relayed as the gateway wrote it. */
async function attemptPassthrough(c: Candidate, key: string, served: Record<string, string>, call: PassthroughCall, res: ServerResponse, deps: ForwardDeps): Promise<AttemptResult> {
  const { provider } = c.hop;
  const fail = (failure: AttemptFailure): AttemptResult => ({ ok: false, upstream: 'chat', failure: deps.gone.aborted ? CLIENT_LEFT : failure });
  const sent = c.model === undefined || c.model === call.body.model ? call.raw : JSON.stringify({ ...call.body, model: c.model });
  let reply: UpstreamReply;
  let text: string;
  try {
    reply = await callUpstream(deps.dispatcher, {
      url: `${provider.baseUrl}${call.path}`,
      headers: upstreamHeaders('chat', key, call.callerHeaders),
      body: sent,
      timeoutMs: deps.timeouts.responseMs,
      gone: deps.gone,
    });
    if (reply.status >= 400) return fail(await errorStatusFailure(provider, reply, call.route.options));
    text = await reply.body.text();
  } catch (err) {
    return fail(classifyNetworkError(err, provider.name));
  }
  const json = parsedReply(text);
  if (json === undefined) return fail(notJsonFailure(provider.name, text));
  const embedded = embeddedFailure(provider, json, call.route.options);
  if (embedded) return fail(embedded);
  const ttfbMs = Math.round(performance.now() - call.started);
  res.writeHead(reply.status, { 'content-type': 'application/json', ...served });
  res.end(text);
  const usage = usageFromOpenAiSideReply(json);
  return { ok: true, upstream: 'chat', status: reply.status, usage, contentChars: 0, ttfbMs, upstreamRequestId: upstreamRequestIdOf(reply.headers), streamError: null };
}

/**
 * Embeddings and image generation: OpenAI-only endpoints with no conversion, sent as they are
 * (model mapped per hop) along the route's providers that speak OpenAI, with the same failover,
 * breakers and key rotation as generation calls.
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
    const names = candidates.map((c) => c.hop.provider.name).join(', ');
    return refuseWithoutHop(res, 'chat', 503, `/v1${call.path} needs a provider that speaks the OpenAI protocol, and this route has none (${names}); add one to the route.`);
  }
  const outcome = await forwardAlong(res, 'chat', openAi, (c, key, served) => attemptPassthrough(c, key, served, call, res, deps), deps);
  // Only a reply without usage is estimated: a batch of embeddings inputs is not walked for nothing.
  return outcome.usage ? outcome : { ...outcome, inputEstimate: estimateOpenAiSideInputTokens(call.body) };
}
