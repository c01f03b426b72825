import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SwitchboardError } from '../errors';
import type { Dashboard } from './dashboard';
import { isLoopbackHost } from './loopback';

/** Answers a request the dashboard does not own (the proxy plugs in here). */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface ServerOptions {
  dashboard: Dashboard;
  /** Tried before the dashboard; returns false to pass the request on. */
  proxy?: RequestHandler;
  port: number;
  host?: string;
}

const LOOPBACK_BIND = new Set(['127.0.0.1', '::1', 'localhost']);

export interface RunningServer {
  server: http.Server;
  port: number;
  host: string;
  url: string;
  close(): Promise<void>;
}

/** One loopback HTTP server for the dashboard, its contract and (later) the proxy. */
export async function startServer({ dashboard, proxy, port, host = '127.0.0.1' }: ServerOptions): Promise<RunningServer> {
  if (!LOOPBACK_BIND.has(host)) {
    throw new SwitchboardError('invalid_input', `Switchboard only listens on the loopback interface; --host ${host} is refused (use 127.0.0.1).`);
  }
  const server = http.createServer(async (req, res) => {
    try {
      if (!isLoopbackHost(req.headers.host)) {
        res.writeHead(421, { 'content-type': 'text/plain' });
        res.end('Switchboard answers only requests addressed to 127.0.0.1 or localhost.');
        return;
      }
      if (proxy && (await proxy(req, res))) return;
      if (await dashboard.handle(req, res)) return;
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: { code: 'not_found', message: `Nothing is served at ${req.method} ${req.url}.` } }));
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: { code: 'internal', message: (err as Error).message } }));
    }
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new SwitchboardError('conflict', `Port ${port} on ${host} is already in use (another Switchboard?); stop it or pass --port N.`)
          : err,
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    port: actual,
    host,
    url: `http://${shownHost}:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
