import { fail } from '../errors';

export interface ProviderUrls {
  /** OpenAI-style base, e.g. https://gw.example.com/v1 */
  baseUrl: string;
  /** Anthropic root, e.g. https://gw.example.com (clients append /v1/messages) */
  anthropicUrl: string;
}

/** Endpoint suffixes people paste by mistake; the base is what precedes them. */
const ENDPOINT_SUFFIXES = ['/chat/completions', '/responses', '/messages', '/completions', '/models', '/embeddings'];

function parseHttpUrl(raw: string, what: string): URL {
  const trimmed = raw.trim();
  // A bare host name ("gw.example.com") is taken as https.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    fail('invalid_input', `The ${what} "${raw}" is not a valid URL; use the gateway's address, e.g. https://api.example.com/v1.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    fail('invalid_input', `The ${what} "${raw}" must start with https:// or http://.`);
  }
  if (!url.hostname || !/^[a-z0-9.[\]:-]+$/i.test(url.hostname) || (!url.hostname.includes('.') && !isLocalName(url.hostname))) {
    fail('invalid_input', `The ${what} "${raw}" has no valid host name; use the gateway's address, e.g. https://api.example.com/v1.`);
  }
  if (url.username || url.password) {
    fail('invalid_input', `The ${what} must not carry a user name or password; pass the key with --key instead.`);
  }
  if (url.search || url.hash) {
    fail('invalid_input', `The ${what} "${raw}" must not have a query string or fragment; use only the gateway's address.`);
  }
  return url;
}

function isLocalName(host: string): boolean {
  return host === 'localhost' || host.startsWith('[');
}

function stripSuffixes(path: string): string {
  let p = path.replace(/\/+$/, '');
  for (const suffix of ENDPOINT_SUFFIXES) {
    if (p.toLowerCase().endsWith(suffix)) {
      p = p.slice(0, -suffix.length);
      break;
    }
  }
  return p.replace(/\/+$/, '');
}

/**
 * Normalises what a user typed into the two bases Switchboard needs.
 * A bare host gets /v1 for OpenAI clients; a pasted endpoint URL is cut back to its base;
 * the Anthropic root is the OpenAI base without its trailing /v1 unless given explicitly.
 */
export function normaliseProviderUrls(baseUrl: string, anthropicUrl?: string): ProviderUrls {
  const url = parseHttpUrl(baseUrl, 'base URL');
  const origin = url.origin;
  const path = stripSuffixes(url.pathname);
  const openaiPath = path === '' ? '/v1' : path;
  const rootPath = openaiPath.toLowerCase().endsWith('/v1') ? openaiPath.slice(0, -3) : openaiPath;
  let anthropic = origin + rootPath;
  if (anthropicUrl) {
    const a = parseHttpUrl(anthropicUrl, 'Anthropic base URL');
    const aPath = stripSuffixes(a.pathname);
    anthropic = a.origin + (aPath.toLowerCase().endsWith('/v1') ? aPath.slice(0, -3) : aPath);
  }
  return { baseUrl: origin + openaiPath, anthropicUrl: anthropic };
}

/** A gateway's site root (where its console API lives): the API base without /v1 or a pasted endpoint. */
export function gatewaySiteRoot(raw: string): string {
  const url = parseHttpUrl(raw, 'base URL');
  const path = stripSuffixes(url.pathname);
  return url.origin + (path.toLowerCase().endsWith('/v1') ? path.slice(0, -3) : path);
}

export function providerEndpoints(urls: ProviderUrls): { chat: string; responses: string; anthropic: string; models: string } {
  return {
    chat: `${urls.baseUrl}/chat/completions`,
    responses: `${urls.baseUrl}/responses`,
    anthropic: `${urls.anthropicUrl}/v1/messages`,
    models: `${urls.baseUrl}/models`,
  };
}
