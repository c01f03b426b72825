import { gatewayErrorSentence, type GatewayError } from '../../../shared/callFailureSentences';
import { redactSecrets } from '../../../shared/mask';
import type { AddressOf } from '../../../shared/remedy';
import { SwitchboardError } from '../errors';

export interface GatewayResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Parsed body when the gateway answered JSON, else undefined. */
  json: unknown;
  latencyMs: number;
}

export interface GatewayRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
  /** Name used in error sentences, e.g. the provider or account name. */
  label: string;
  /** Whose address this is: an unreachable gateway's way out names where that address is set. */
  address: AddressOf;
}

/** Reason a network-level failure happened, in words a person understands. */
function describeNetworkError(err: unknown): string {
  const code = (err as { code?: string })?.code ?? '';
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'its host name could not be resolved';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was reset';
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return 'it did not answer in time';
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return 'its TLS certificate is not valid';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

/** One HTTP exchange with a gateway; network failures become one clear sentence. */
export async function gatewayRequest(req: GatewayRequest): Promise<GatewayResponse> {
  const started = performance.now();
  const timeout = req.timeoutMs ?? 15_000;
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  let body: string | undefined;
  if (req.body !== undefined) {
    body = JSON.stringify(req.body);
    headers['content-type'] = 'application/json';
  }
  try {
    // Loaded on the first gateway call, not at every CLI start.
    const { request } = await import('./undiciRequest');
    const res = await request(req.url, {
      method: req.method ?? 'GET',
      headers,
      body,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      signal: AbortSignal.timeout(timeout),
    });
    const text = await res.body.text();
    let json: unknown;
    const contentType = String(res.headers['content-type'] ?? '');
    if (contentType.includes('json') || /^\s*[[{]/.test(text)) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { status: res.statusCode, headers: res.headers, text, json, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    const host = safeHost(req.url);
    const reason = (err as { name?: string })?.name === 'TimeoutError' ? 'it did not answer in time' : describeNetworkError(err);
    // An account's label already names its host ("gw (host)"): said twice, the sentence stutters.
    const where = req.label.includes(host) ? req.label : `${req.label} at ${host}`;
    throw new SwitchboardError('gateway_unreachable', `Could not reach ${where}: ${reason}.`, undefined, { kind: 'check_address', ...req.address });
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** True when a body looks like an HTML page (a login page or a Cloudflare challenge) rather than an API answer. */
export function looksLikeHtml(text: string): boolean {
  return /^\s*<(!doctype|html|head|body)/i.test(text);
}

/** The <title> of an HTML page, which names the error on reverse-proxy and CDN error pages. */
function htmlTitle(text: string): string | undefined {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1].replace(/\s+/g, ' ').trim();
  return title ? title.slice(0, 120) : undefined;
}

/**
 * The gateway's own error message, with the keys it was sent masked: some gateways quote the
 * rejected key, and the sentence is shown, stored and sent on.
 */
export function gatewayErrorMessage(res: Pick<GatewayResponse, 'status' | 'text' | 'json'>, secrets: Iterable<string>): string {
  return gatewayErrorSentence(gatewayErrorOf(res, secrets));
}

/** The gateway's error answer as a value (its words, or what its page shows), keys masked. */
export function gatewayErrorOf(res: Pick<GatewayResponse, 'status' | 'text' | 'json'>, secrets: Iterable<string>): GatewayError {
  const j = res.json as Record<string, unknown> | undefined;
  const said = (words: string): GatewayError => ({ code: 'said', words: redactSecrets(words, secrets) });
  if (j && typeof j === 'object') {
    const err = j.error;
    if (typeof err === 'string') return said(err);
    if (err && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string') {
      return said((err as { message: string }).message);
    }
    if (typeof j.message === 'string' && j.message) return said(j.message);
    if (typeof j.detail === 'string') return said(j.detail);
  }
  if (looksLikeHtml(res.text)) {
    const title = htmlTitle(res.text);
    // A 5xx page comes from the gateway's reverse proxy or CDN; any other page is usually a login or a challenge.
    return { code: 'error_page', title: title === undefined ? null : redactSecrets(title, secrets), failing: res.status >= 500 };
  }
  const snippet = res.text.trim().slice(0, 200);
  return snippet ? said(snippet) : { code: 'empty_error', status: res.status };
}

/** The same, for a raw body that may or may not be JSON. */
export function gatewayErrorFromText(text: string, status: number, secrets: Iterable<string>): GatewayError {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return gatewayErrorOf({ status, text, json }, secrets);
}
