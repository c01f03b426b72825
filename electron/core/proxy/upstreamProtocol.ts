import type { IncomingHttpHeaders } from 'node:http';
import type { Protocol } from '../../../shared/schemas';
import { protocolEndpoint } from '../providers/urls';
import { callerIdentityHeaders } from './callerIdentity';

/** When the provider cannot take the caller's protocol, the next best one to convert to. */
const FALLBACK_ORDER: Record<Protocol, Protocol[]> = {
  anthropic: ['anthropic', 'chat', 'responses'],
  responses: ['responses', 'chat', 'anthropic'],
  chat: ['chat', 'responses', 'anthropic'],
};

/** The protocol to speak to a provider for a caller; the caller's own when the provider has it (passthrough). */
export function upstreamProtocolFor(caller: Protocol, providerProtocols: readonly Protocol[]): Protocol | null {
  return FALLBACK_ORDER[caller].find((p) => providerProtocols.includes(p)) ?? null;
}

export interface UpstreamEndpoint {
  url: string;
  headers: Record<string, string>;
}

/** Headers for one call to a provider in a protocol: the key, the caller's identity, the protocol's options. */
export function upstreamHeaders(protocol: Protocol, key: string, callerHeaders: IncomingHttpHeaders): Record<string, string> {
  const headers: Record<string, string> = { ...callerIdentityHeaders(callerHeaders), 'content-type': 'application/json', authorization: `Bearer ${key}` };
  if (protocol === 'anthropic') {
    // Gateways read either header; the real Anthropic API reads x-api-key.
    headers['x-api-key'] = key;
    headers['anthropic-version'] = String(callerHeaders['anthropic-version'] ?? '2023-06-01');
    const beta = callerHeaders['anthropic-beta'];
    if (beta) headers['anthropic-beta'] = String(beta);
  } else {
    // Codex sends OpenAI-Beta (e.g. responses=experimental); it means nothing to an Anthropic endpoint.
    const beta = callerHeaders['openai-beta'];
    if (beta) headers['openai-beta'] = String(beta);
  }
  return headers;
}

/** URL and headers for one call to a provider in a protocol. */
export function upstreamEndpoint(
  protocol: Protocol,
  provider: { baseUrl: string; anthropicUrl: string },
  key: string,
  callerHeaders: IncomingHttpHeaders,
): UpstreamEndpoint {
  return { url: protocolEndpoint(provider, protocol), headers: upstreamHeaders(protocol, key, callerHeaders) };
}
