import type { ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { ResolvedRoute } from '../routes/service';
import { CANCELLED } from '../../../shared/callOutcome';
import { EMPTY_OUTCOME, type CallOutcome } from './forward';
import { modelForHop } from './modelMapping';
import { errorBody, usageFromBody } from './protocols';
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
    if (reply.status >= 400) outcome.errorClass = 'upstream';
    else {
      try {
        outcome.usage = usageFromBody('chat', (JSON.parse(text) as { usage?: unknown }) ?? {});
      } catch {
        outcome.errorClass = 'bad_reply';
      }
    }
    res.writeHead(reply.status, {
      'content-type': String(reply.headers['content-type'] ?? 'application/json'),
      'x-switchboard-provider': provider.name,
      'x-switchboard-model': model ?? '',
    });
    res.end(text);
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
