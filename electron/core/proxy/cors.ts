import type { IncomingMessage, ServerResponse } from 'node:http';

/** Origins of the browser chat clients allowed by default; more can be added in settings. */
export const DEFAULT_ALLOWED_ORIGINS = [
  'http://localhost:*',
  'http://127.0.0.1:*',
  'app://*',
  'file://*',
  'https://app.nextchat.dev',
  'https://chat.lobehub.com',
  'https://web.chatboxai.app',
];

/**
 * An Allowed origins entry: "*", or scheme://host[:port] as a browser sends it in Origin (no path),
 * for web pages (http, https) and desktop clients' own pages (app, file); "*" in the host or port
 * stands for any run of their characters.
 */
const ORIGIN_PATTERN = /^(\*|(https?|app|file):\/\/(\[[0-9a-f:]+\]|[\w.*-]+)(:(\d+|\*))?)$/i;

/** The first entry that could never match a browser's Origin, so the setting refuses it. */
export const notAnOrigin = (entries: readonly string[]): string | undefined => entries.find((entry) => !ORIGIN_PATTERN.test(entry));

function matches(pattern: string, origin: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*')) return pattern === origin;
  const re = new RegExp('^' + pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*') + '$');
  return re.test(origin);
}

export function isAllowedOrigin(origin: string, allowed: readonly string[]): boolean {
  return allowed.some((p) => matches(p, origin));
}

/**
 * Adds CORS headers for an allowed Origin. Returns false when the request carries an Origin
 * that is not allowed (the caller refuses it).
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (!isAllowedOrigin(origin, allowed)) return false;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  res.setHeader('access-control-expose-headers', 'x-request-id, x-switchboard-provider, x-switchboard-model');
  return true;
}

/** Answers an OPTIONS preflight, including Chrome's Private Network Access request. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, allowed: readonly string[]): void {
  if (!applyCors(req, res, allowed)) {
    res.writeHead(403, { 'content-type': 'text/plain' });
    res.end('Origin not allowed; add it under Settings > Allowed origins.');
    return;
  }
  res.setHeader('access-control-allow-methods', 'GET, POST, HEAD, OPTIONS');
  res.setHeader(
    'access-control-allow-headers',
    String(req.headers['access-control-request-headers'] ?? 'authorization, content-type, x-api-key, anthropic-version, anthropic-beta'),
  );
  res.setHeader('access-control-max-age', '600');
  if (req.headers['access-control-request-private-network'] === 'true') {
    res.setHeader('access-control-allow-private-network', 'true');
  }
  res.writeHead(204);
  res.end();
}
