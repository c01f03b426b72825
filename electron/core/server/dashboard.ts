import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isChannel, type Handlers } from '../../../shared/contract';
import { httpStatusOf, type ErrorCode } from '../errors';
import { dispatch } from '../rpc';
import { createDashboardSessions, SESSION_IDLE_MS, SESSION_MAX_MS } from './dashboardSessions';
import { decodedOrNull, isSameOrigin, parseCookies } from './loopback';
import type { LoginTokenRepo } from '../store/loginTokens';

const SESSION_COOKIE = 'sb_session';
const MAX_RPC_BODY = 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
};

export interface DashboardOptions {
  handlers: Handlers;
  loginTokens: LoginTokenRepo;
  /** Folder of the built renderer; a placeholder page is served when it is missing. */
  staticDir: string;
  now: () => number;
}

/**
 * The dashboard half of the headless server: one-time login links traded for a session cookie,
 * the contract at POST /rpc/<channel>, and the built UI.
 */
export function createDashboard({ handlers, loginTokens, staticDir, now }: DashboardOptions) {
  const sessions = createDashboardSessions(now);

  function send(res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...SECURITY_HEADERS, ...extra });
    res.end(body);
  }

  function sendJson(res: ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}) {
    send(res, status, JSON.stringify(value), 'application/json; charset=utf-8', extra);
  }

  const rpcError = (res: ServerResponse, code: ErrorCode, message: string, extra: Record<string, string> = {}) =>
    sendJson(res, httpStatusOf(code), { ok: false, error: { code, message } }, extra);

  async function readBody(req: IncomingMessage): Promise<string | null> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_RPC_BODY) return null;
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async function handleRpc(req: IncomingMessage, res: ServerResponse, channel: string) {
    if (req.method !== 'POST') return rpcError(res, 'invalid_input', 'The contract is served with POST /rpc/<channel>.');
    const session = sessions.use(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
    if (session === 'unknown') return rpcError(res, 'unauthorized', 'Not signed in: run "switchboard dashboard" for a one-time login link, and open it.');
    if (session === 'expired') return rpcError(res, 'unauthorized', SESSION_EXPIRED, { 'set-cookie': `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0` });
    if (!isSameOrigin(req)) return rpcError(res, 'forbidden', 'Requests from other sites are refused.');
    const text = await readBody(req);
    if (text === null) return rpcError(res, 'invalid_input', 'The request body is larger than 1 MiB.');
    let input: unknown;
    try {
      input = text.trim() ? JSON.parse(text) : {};
    } catch {
      return rpcError(res, 'invalid_input', 'The request body is not valid JSON.');
    }
    if (!isChannel(channel)) return rpcError(res, 'not_found', `There is no channel named "${channel}".`);
    // A channel answers its envelope with 200, as IPC does: a refusal the page shows (bad input, a
    // protocol mismatch) is an answer, not a failed request for the browser's console. Requests
    // refused before a channel ran keep their HTTP status.
    sendJson(res, 200, await dispatch(handlers, channel, input));
  }

  function serveStatic(res: ServerResponse, urlPath: string) {
    const index = path.join(staticDir, 'index.html');
    if (!fs.existsSync(index)) {
      return send(res, 200, PLACEHOLDER_PAGE, CONTENT_TYPES['.html']);
    }
    // A path that does not decode names no file: the page itself answers, as for any unknown path.
    const target = path.normalize(path.join(staticDir, decodedOrNull(urlPath) ?? '/'));
    const inside = target.startsWith(staticDir + path.sep);
    const file = inside && fs.existsSync(target) && fs.statSync(target).isFile() ? target : index;
    send(res, 200, fs.readFileSync(file), CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
  }

  return {
    /** Handles dashboard paths; returns false for paths it does not own (the proxy's). */
    async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname.startsWith('/rpc/')) {
        await handleRpc(req, res, url.pathname.slice(5));
        return true;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      if (url.pathname.startsWith('/v1/')) return false;
      const login = url.searchParams.get('login');
      if (login !== null) {
        if (!loginTokens.consume(login)) {
          send(res, 401, LOGIN_USED_PAGE, CONTENT_TYPES['.html']);
          return true;
        }
        res.writeHead(302, {
          location: '/',
          'set-cookie': `${SESSION_COOKIE}=${sessions.start()}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_MAX_MS / 1000}`,
          'cache-control': 'no-store',
          ...SECURITY_HEADERS,
        });
        res.end();
        return true;
      }
      if (req.method === 'HEAD') {
        send(res, 200, '', CONTENT_TYPES['.html']);
        return true;
      }
      serveStatic(res, url.pathname);
      return true;
    },
  };
}

export type Dashboard = ReturnType<typeof createDashboard>;

const hours = (ms: number) => ms / 3_600_000;
const SESSION_EXPIRED = `This dashboard session has ended (${hours(SESSION_IDLE_MS)} hours unused, or ${hours(SESSION_MAX_MS) / 24} days after sign-in): run "switchboard dashboard" for a new login link.`;

const PLACEHOLDER_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Switchboard</title></head>
<body style="font-family:system-ui;max-width:40em;margin:4em auto">
<h1>Switchboard</h1><p>The dashboard has not been built yet (the proxy works). Run <code>npm run build</code> in Switchboard's folder, then reload this page.</p>
</body></html>`;

const LOGIN_USED_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Switchboard</title></head>
<body style="font-family:system-ui;max-width:40em;margin:4em auto">
<h1>This login link has expired or was already used</h1><p>Each link works once, for ten minutes. Run <code>switchboard dashboard</code> for a new one.</p>
</body></html>`;
