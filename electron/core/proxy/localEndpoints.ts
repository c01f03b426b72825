import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { Hop } from '../routes/service';
import { estimateAnthropicInputTokens } from './protocols';
import { upstreamEndpoint } from './upstreamProtocol';
import { watchCallerGone } from './callerGone';
import { callUpstream } from './upstreamCall';

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

/** count_tokens: asked of the gateway when it speaks Anthropic, estimated locally otherwise. */
export async function countTokens(
  res: ServerResponse,
  body: Record<string, unknown>,
  hops: Hop[],
  dispatcher: Dispatcher,
  callerHeaders: IncomingHttpHeaders,
): Promise<void> {
  const hop = hops[0];
  if (hop.provider.protocols.includes('anthropic')) {
    const endpoint = upstreamEndpoint('anthropic', hop.provider, hop.provider.keys[0], callerHeaders);
    try {
      const upstream = await callUpstream(dispatcher, {
        url: `${endpoint.url}/count_tokens`,
        headers: endpoint.headers,
        body: JSON.stringify(hop.model ? { ...body, model: hop.model } : body),
        timeoutMs: 30_000,
        gone: watchCallerGone(res),
      });
      const text = await upstream.body.text();
      if (upstream.status === 200) {
        const parsed = JSON.parse(text) as { input_tokens?: unknown };
        if (typeof parsed.input_tokens === 'number') {
          res.writeHead(200, { 'content-type': 'application/json', 'x-switchboard-provider': hop.provider.name });
          res.end(JSON.stringify({ input_tokens: parsed.input_tokens }));
          return;
        }
      }
    } catch {
      // the estimate below answers when the gateway cannot
    }
  }
  res.writeHead(200, { 'content-type': 'application/json', 'x-switchboard-estimated': 'true' });
  res.end(JSON.stringify({ input_tokens: estimateAnthropicInputTokens(body) }));
}
