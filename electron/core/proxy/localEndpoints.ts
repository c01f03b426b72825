import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { Hop, ResolvedRoute } from '../routes/service';
import type { Breakers } from './breaker';
import { watchCallerGone, type CallerGone } from './callerGone';
import type { ProxyTimeouts } from './forward';
import type { KeyHealth } from './keyHealth';
import { candidatesFor, type Candidate } from './modelMapping';
import { estimateAnthropicInputTokens } from './protocols';
import { callUpstream } from './upstreamCall';
import { upstreamEndpoint } from './upstreamProtocol';

/** Models the client's route can serve: each provider's known models and the mapped ones. */
function routeModels(hops: Hop[]): string[] {
  const ids = new Set<string>();
  for (const hop of hops) {
    if (hop.model) ids.add(hop.model);
    for (const m of hop.provider.models) ids.add(m);
  }
  return [...ids].sort();
}

/** GET /v1/models in the OpenAI shape, or the Anthropic shape when `anthropic-version` is sent. */
export function listModels(res: ServerResponse, hops: Hop[], anthropicShape: boolean): void {
  const ids = routeModels(hops);
  const created = Math.floor(Date.now() / 1000);
  const body = anthropicShape
    ? {
        data: ids.map((id) => ({ type: 'model', id, display_name: id, created_at: new Date(created * 1000).toISOString() })),
        has_more: false,
        first_id: ids[0] ?? null,
        last_id: ids[ids.length - 1] ?? null,
      }
    : { object: 'list', data: ids.map((id) => ({ id, object: 'model', created, owned_by: hops.find((h) => h.provider.models.includes(id))?.provider.name ?? 'switchboard' })) };
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export interface CountTokensDeps {
  dispatcher: Dispatcher;
  breakers: Breakers;
  keys: KeyHealth;
  timeouts: ProxyTimeouts;
}

/**
 * A count is a quick question: past this (or the first-byte timeout, when shorter) the next provider
 * or the estimate answers, rather than the two minutes the first-byte timeout allows a generation.
 */
const COUNT_WAIT_CAP_MS = 30_000;

/** One provider's count, or null when it gives none (no such endpoint, a refused model, a timeout). */
async function countAt(c: Candidate, body: Record<string, unknown>, callerHeaders: IncomingHttpHeaders, deps: CountTokensDeps, gone: CallerGone): Promise<number | null> {
  const [key] = deps.keys.order(c.hop.provider.keys);
  if (!key) return null;
  const endpoint = upstreamEndpoint('anthropic', c.hop.provider, key, callerHeaders);
  try {
    const reply = await callUpstream(deps.dispatcher, {
      url: `${endpoint.url}/count_tokens`,
      headers: endpoint.headers,
      body: JSON.stringify(c.model ? { ...body, model: c.model } : body),
      timeoutMs: Math.min(deps.timeouts.firstByteMs, COUNT_WAIT_CAP_MS),
      gone,
    });
    const text = await reply.body.text();
    if (reply.status !== 200) return null;
    const counted = (JSON.parse(text) as { input_tokens?: unknown }).input_tokens;
    return typeof counted === 'number' ? counted : null;
  } catch {
    return null;
  }
}

/**
 * count_tokens: asked of the route's providers that speak Anthropic (no other protocol has it), in
 * the route's order and each for its own model, until one answers; estimated locally otherwise.
 * Breakers are read, never told: a provider kept out is skipped, and a half-open one's single
 * probe is left to a real call. Unlike embeddings and images (real calls, with failover), a
 * count's failure is no verdict on the provider: many relays lack the endpoint, and the estimate is there.
 */
export async function countTokens(
  res: ServerResponse,
  body: Record<string, unknown>,
  route: ResolvedRoute,
  deps: CountTokensDeps,
  callerHeaders: IncomingHttpHeaders,
): Promise<void> {
  const gone = watchCallerGone(res);
  const requested = typeof body.model === 'string' ? body.model : undefined;
  for (const c of candidatesFor(route, requested)) {
    const { provider } = c.hop;
    if (!provider.protocols.includes('anthropic') || deps.breakers.stateOf(provider.id) !== 'closed') continue;
    const counted = await countAt(c, body, callerHeaders, deps, gone);
    if (gone.aborted) return;
    if (counted === null) continue;
    res.writeHead(200, { 'content-type': 'application/json', 'x-switchboard-provider': provider.name, 'x-switchboard-model': c.model ?? '' });
    res.end(JSON.stringify({ input_tokens: counted }));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json', 'x-switchboard-estimated': 'true' });
  res.end(JSON.stringify({ input_tokens: estimateAnthropicInputTokens(body) }));
}
