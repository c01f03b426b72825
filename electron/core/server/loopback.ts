import type { IncomingMessage } from 'node:http';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The host part of a Host header, lower-cased, without the port. */
export function hostName(hostHeader: string | undefined): string {
  if (!hostHeader) return '';
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.split(':')[0];
}

/** DNS-rebinding defence: only requests addressed to a loopback name are served. */
export function isLoopbackHost(hostHeader: string | undefined): boolean {
  const name = hostName(hostHeader);
  return LOOPBACK_NAMES.has(name) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** A browser request from our own page has an Origin equal to the Host it addressed (or none). */
export function isSameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Percent-decoded text, or null for a malformed escape (`%`, `%E0%A4`), which decodeURIComponent throws on. */
export function decodedOrNull(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * The request's cookies. Browsers send a loopback host's cookies to every port, so another local
 * app's cookie may be there, malformed escapes and all: such a value is kept as it came.
 */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const value = part.slice(i + 1).trim();
    out[part.slice(0, i).trim()] = decodedOrNull(value) ?? value;
  }
  return out;
}
