import { formatCount, formatCountOf } from '../../../shared/formatCount';
import type { Remedy } from '../../../shared/remedy';
import { fail, toSwitchboardError } from '../errors';
import { gatewayErrorMessage, gatewayRequest, looksLikeHtml, type GatewayResponse } from '../gateway/http';
import type { ProviderRow } from '../store/providers';
import { protocolEndpoint, providerAddress } from './urls';

const REJECTING_STATUSES = new Set([401, 402, 403]);

function authHeaders(p: ProviderRow, key: string): Record<string, string> {
  const speaksOpenAi = p.protocols.includes('chat') || p.protocols.includes('responses');
  return speaksOpenAi
    ? { authorization: `Bearer ${key}` }
    : { authorization: `Bearer ${key}`, 'x-api-key': key, 'anthropic-version': '2023-06-01' };
}

function modelsUrl(p: ProviderRow): string {
  const speaksOpenAi = p.protocols.includes('chat') || p.protocols.includes('responses');
  return speaksOpenAi ? `${p.baseUrl}/models` : `${p.anthropicUrl}/v1/models`;
}

function modelIds(res: GatewayResponse): string[] {
  const data = (res.json as { data?: unknown })?.data;
  if (!Array.isArray(data)) return [];
  return data
    .map((m) => (m && typeof m === 'object' ? (m as { id?: unknown }).id : undefined))
    .filter((id): id is string => typeof id === 'string')
    .sort();
}

export interface ModelListing {
  ok: boolean;
  status: number | null;
  latencyMs: number | null;
  models: string[];
  message: string;
  /** The way out when the gateway could not be reached, said by each edge in its own terms. */
  remedy?: Remedy;
}

/** GET /v1/models: latency, the gateway's model list, or its own error sentence. */
export async function listGatewayModels(p: ProviderRow, key: string): Promise<ModelListing> {
  let res: GatewayResponse;
  try {
    res = await gatewayRequest({ url: modelsUrl(p), headers: authHeaders(p, key), label: `provider "${p.name}"`, address: providerAddress(p.name), timeoutMs: 10_000 });
  } catch (err) {
    const { message, remedy } = toSwitchboardError(err);
    return { ok: false, status: null, latencyMs: null, models: [], message, ...(remedy ? { remedy } : {}) };
  }
  const models = modelIds(res);
  if (res.status >= 200 && res.status < 300 && !looksLikeHtml(res.text)) {
    return { ok: true, status: res.status, latencyMs: res.latencyMs, models, message: `${formatCountOf(models.length, 'model')} listed in ${formatCount(res.latencyMs)} ms.` };
  }
  return { ok: false, status: res.status, latencyMs: res.latencyMs, models, message: `${p.name} answered HTTP ${res.status}: ${gatewayErrorMessage(res, [key])}` };
}

/** The smallest real call each protocol allows, used when a gateway has no /models. */
function oneTokenCall(p: ProviderRow, model: string): { url: string; body: unknown } {
  if (p.protocols.includes('chat')) {
    return { url: protocolEndpoint(p, 'chat'), body: { model, max_tokens: 1, messages: [{ role: 'user', content: 'ping' }] } };
  }
  if (p.protocols.includes('anthropic')) {
    return { url: protocolEndpoint(p, 'anthropic'), body: { model, max_tokens: 1, messages: [{ role: 'user', content: 'ping' }] } };
  }
  return { url: protocolEndpoint(p, 'responses'), body: { model, max_output_tokens: 16, input: 'ping' } };
}

export interface KeyCheck {
  verified: boolean;
  message: string;
}

function rejectKey(p: ProviderRow, key: string, res: GatewayResponse): never {
  fail(
    'key_rejected',
    `${p.name} rejected the key (HTTP ${res.status}: ${gatewayErrorMessage(res, [key])}).`,
    { kind: 'fix_key', provider: p.name },
  );
}

/**
 * Checks a key before a switch: /v1/models first, then a one-token call. Throws when the
 * gateway rejects the key or cannot be reached; returns verified:false when nothing could tell.
 */
export async function checkProviderKey(p: ProviderRow, key: string, model?: string): Promise<KeyCheck> {
  const label = `provider "${p.name}"`;
  const listing = await gatewayRequest({ url: modelsUrl(p), headers: authHeaders(p, key), label, address: providerAddress(p.name), timeoutMs: 10_000 });
  if (REJECTING_STATUSES.has(listing.status)) rejectKey(p, key, listing);
  if (listing.status >= 200 && listing.status < 300 && !looksLikeHtml(listing.text)) {
    return { verified: true, message: `${p.name} accepted the key (${listing.latencyMs} ms).` };
  }
  const probeModel = model ?? p.models[0];
  if (!probeModel) {
    return { verified: false, message: `${p.name} has no model list and no model is known, so the key could not be checked.` };
  }
  const call = oneTokenCall(p, probeModel);
  const res = await gatewayRequest({ method: 'POST', url: call.url, headers: authHeaders(p, key), body: call.body, label, address: providerAddress(p.name), timeoutMs: 30_000 });
  if (REJECTING_STATUSES.has(res.status)) rejectKey(p, key, res);
  if (res.status >= 200 && res.status < 300) return { verified: true, message: `${p.name} accepted the key (${res.latencyMs} ms).` };
  return { verified: false, message: `${p.name} answered HTTP ${res.status} to a test call: ${gatewayErrorMessage(res, [key])}` };
}
