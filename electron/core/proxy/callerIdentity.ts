import type { IncomingHttpHeaders } from 'node:http';

/**
 * How the calling tool names itself. Some relays accept a key only from Claude Code or Codex and
 * check these (user-agent claude-cli/... or codex_cli_rs/..., x-app, originator), and Codex's
 * session_id (Claude Code's x-claude-code-session-id) lets a gateway keep its prompt cache per
 * session. The list is an allow-list, not "all but a few": the caller's request also carries
 * the local sb- token (authorization, x-api-key), its cookies and Host, hop-by-hop headers
 * (connection, keep-alive, transfer-encoding) and accept-encoding (the proxy reads replies as
 * sent, uncompressed), none of which are the gateway's business.
 */
const IDENTITY_HEADERS = new Set(['user-agent', 'x-app', 'x-claude-code-session-id', 'originator', 'session_id', 'version']);

/** The Anthropic and OpenAI SDKs' own description of the caller (x-stainless-lang, -os, -package-version...). */
const SDK_HEADER_PREFIX = 'x-stainless-';

/** The caller's identifying headers, to send upstream with its call. */
export function callerIdentityHeaders(callerHeaders: IncomingHttpHeaders): Record<string, string> {
  const forwarded: Record<string, string> = {};
  for (const [name, value] of Object.entries(callerHeaders)) {
    if (typeof value === 'string' && (IDENTITY_HEADERS.has(name) || name.startsWith(SDK_HEADER_PREFIX))) forwarded[name] = value;
  }
  return forwarded;
}
