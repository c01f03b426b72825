import type { IncomingMessage } from 'node:http';

/**
 * The local token a caller sent: `Authorization: Bearer sb-...` (OpenAI clients, Claude Code's
 * ANTHROPIC_AUTH_TOKEN) or `x-api-key` (Anthropic SDK clients), or `api-key` (Azure-style clients).
 */
export function callerToken(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth.trim());
    if (m) return m[1];
  }
  const apiKey = req.headers['x-api-key'] ?? req.headers['api-key'];
  if (typeof apiKey === 'string' && apiKey.trim()) return apiKey.trim();
  return null;
}
