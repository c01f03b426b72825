import type { AddressCredential, AddressOf } from '../../../shared/remedy';
import type { Protocol } from '../../../shared/schemas';
import { fail } from '../errors';

export interface ProviderUrls {
  /** OpenAI-style base, e.g. https://gw.example.com/v1 */
  baseUrl: string;
  /** Anthropic root, e.g. https://gw.example.com (clients append /v1/messages) */
  anthropicUrl: string;
}

/** Endpoint suffixes people paste by mistake; the base is what precedes them. */
const ENDPOINT_SUFFIXES = [
  '/chat/completions',
  '/responses',
  '/messages',
  '/completions',
  '/models',
  '/embeddings',
  '/images/generations',
  '/images/edits',
  '/audio/speech',
  '/audio/transcriptions',
  '/audio/translations',
  '/moderations',
];

/**
 * `what` names the address as the person typed it; `example` is one to copy: a provider's API base
 * ends in /v1, an account is added by the gateway's site root (its console's address). `credential`
 * is what the place the address was typed takes apart from it, where a user name or password belongs.
 */
function parseHttpUrl(raw: string, what: string, credential: AddressCredential, example = "use the gateway's address, e.g. https://api.example.com/v1"): URL {
  const trimmed = raw.trim();
  // A bare host name ("gw.example.com") is taken as https.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    fail('invalid_input', `The ${what} "${raw}" is not a valid URL; ${example}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    fail('invalid_input', `The ${what} "${raw}" must start with https:// or http://.`);
  }
  if (!url.hostname || !/^[a-z0-9.[\]:-]+$/i.test(url.hostname) || (!url.hostname.includes('.') && !isLocalName(url.hostname))) {
    fail('invalid_input', `The ${what} "${raw}" has no valid host name; ${example}.`);
  }
  if (url.username || url.password) {
    fail('invalid_input', `The ${what} must not carry a user name or password.`, { kind: 'credential_apart', credential });
  }
  if (url.search || url.hash) {
    fail('invalid_input', `The ${what} "${raw}" must not have a query string or fragment; use only the gateway's address.`);
  }
  return url;
}

function isLocalName(host: string): boolean {
  return host === 'localhost' || host.startsWith('[');
}

/** A path that ends in an API version (/v1, /v4, /v1beta) is an OpenAI-style base already. */
const VERSIONED_PATH = /\/v\d+[a-z0-9]*$/i;

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
 * Normalises what a user typed into the two bases Switchboard needs. The rule, the same for every
 * protocol: a base that does not end in an API version (a bare host, or a gateway path such as
 * /all) is a root, and both protocols get /v1 under it (/all -> /all/v1/chat/completions and
 * /all/v1/messages). A base ending in a version (/v1, /v4) is the OpenAI base as given, and the
 * Anthropic root is that base without a trailing /v1. A pasted endpoint URL is cut back to exactly
 * the base in front of it. An explicit Anthropic URL wins. `credential` is where the provider's key is
 * typed beside the address: its key when it is added, its new key when it is edited.
 */
export function normaliseProviderUrls(baseUrl: string, anthropicUrl?: string, credential: AddressCredential = 'key'): ProviderUrls {
  const url = parseHttpUrl(baseUrl, 'base URL', credential);
  const origin = url.origin;
  const given = url.pathname.replace(/\/+$/, '');
  const path = stripSuffixes(url.pathname);
  const pastedEndpoint = path !== given;
  const openaiPath = path === '' || (!pastedEndpoint && !VERSIONED_PATH.test(path)) ? `${path}/v1` : path;
  let anthropic = origin + withoutV1(openaiPath);
  if (anthropicUrl) {
    const a = parseHttpUrl(anthropicUrl, 'Anthropic base URL', credential);
    anthropic = a.origin + withoutV1(stripSuffixes(a.pathname));
  }
  return { baseUrl: origin + openaiPath, anthropicUrl: anthropic };
}

const withoutV1 = (path: string) => (path.toLowerCase().endsWith('/v1') ? path.slice(0, -3) : path);

/**
 * A gateway's site root (where its console API lives): the API base without /v1 or a pasted endpoint.
 * `credential` is what the account (or provider) it belongs to signs in with.
 */
export function gatewaySiteRoot(raw: string, credential: AddressCredential): string {
  const url = parseHttpUrl(raw, "gateway's address", credential, 'use its site root, where its console opens, e.g. https://gw.example.com');
  const path = stripSuffixes(url.pathname);
  return url.origin + withoutV1(path);
}

/** A provider's address is its base URL, set on the provider: where an unreachable gateway's way out points. */
export const providerAddress = (name: string): AddressOf => ({ of: 'provider', name });

/** The one place a call's URL is joined from a provider's bases (Anthropic clients append /v1/messages to the root). */
export function protocolEndpoint(urls: ProviderUrls, protocol: Protocol): string {
  if (protocol === 'anthropic') return `${urls.anthropicUrl}/v1/messages`;
  return `${urls.baseUrl}/${protocol === 'chat' ? 'chat/completions' : 'responses'}`;
}

/** Where each protocol the provider speaks is called, and its model list; a protocol it does not speak has no endpoint. */
export function providerEndpoints(urls: ProviderUrls, protocols: readonly Protocol[]): Partial<Record<Protocol, string>> & { models: string } {
  return { ...Object.fromEntries(protocols.map((protocol) => [protocol, protocolEndpoint(urls, protocol)])), models: `${urls.baseUrl}/models` };
}
