import type { ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { ResolvedRoute } from '../routes/service';
import { CANCELLED } from '../../../shared/callOutcome';
import { redactSecrets } from '../../../shared/mask';
import { gatewayErrorMessage } from '../gateway/http';
import { EMPTY_OUTCOME, type CallOutcome } from './forward';
import { modelForHop } from './modelMapping';
import { errorBody, errorInReply, usageFromBody } from './protocols';
import { classifyNetworkError, CLIENT_LEFT } from './retryRules';
import type { CallerGone } from './callerGone';
import { callUpstream } from './upstreamCall';

/**
 * Embeddings and image generation: OpenAI-only endpoints, sent as they are to the first provider
 * of the route that speaks OpenAI (no conversion exists for them), with the model mapped.
 */
export async function forwardOpenAiPassthrough(
  res: ServerResponse,
  body: Record<string, unknown>,
  path: string,
  route: ResolvedRoute,
  dispatcher: Dispatcher,
  timeoutMs: number,
  gone: CallerGone,
): Promise<CallOutcome> {
  const hop = route.hops.find((h) => h.provider.protocols.some((p) => p !== 'anthropic')) ?? route.hops[0];
  const { provider } = hop;
  const model = modelForHop(hop, typeof body.model === 'string' ? body.model : undefined);
  const outcome: CallOutcome = { ...EMPTY_OUTCOME, failedProviders: [], providerId: provider.id, provider: provider.name, servedModel: model ?? null, upstream: 'chat', attempts: 1 };
  const started = performance.now();
  try {
    const reply = await callUpstream(dispatcher, {
      url: `${provider.baseUrl}${path}`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${provider.keys[0]}` },
      body: JSON.stringify(model ? { ...body, model } : body),
      timeoutMs,
      gone,
    });
    const text = await reply.body.text();
    outcome.ttfbMs = Math.round(performance.now() - started);
    outcome.status = reply.status;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const embedded = reply.status < 400 ? errorInReply(json, provider.keys) : null;
    const failed = reply.status >= 400 || embedded !== null;
    if (failed) {
      outcome.errorClass = 'upstream';
      outcome.errorMessage = `${provider.name}: ${embedded?.message ?? gatewayErrorMessage({ status: reply.status, text, json }, provider.keys)}`;
    } else if (json === undefined) outcome.errorClass = 'bad_reply';
    else outcome.usage = usageFromBody('chat', json);
    res.writeHead(reply.status, {
      'content-type': String(reply.headers['content-type'] ?? 'application/json'),
      'x-switchboard-provider': provider.name,
      'x-switchboard-model': model ?? '',
    });
    // The gateway's error goes on in its own shape, with the keys masked: some gateways quote the key they were sent.
    res.end(failed ? redactSecrets(text, provider.keys) : text);
  } catch (err) {
    if (gone.aborted) return { ...outcome, status: CLIENT_LEFT.status, errorClass: CANCELLED, errorMessage: CLIENT_LEFT.message };
    const failure = classifyNetworkError(err, provider.name);
    outcome.status = failure.status;
    outcome.errorClass = failure.kind;
    outcome.errorMessage = failure.message;
    outcome.failedProviders.push(provider.name);
    res.writeHead(failure.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(errorBody('chat', failure.status, failure.message, 'api_error')));
  }
  return outcome;
}
