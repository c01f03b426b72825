import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App } from './core/app';
import { openAppFromEnv, type OpenAppOptions } from './core/openApp';
import { keychainVault } from './core/secrets/keychainVault';
import { createDashboard } from './core/server/dashboard';
import { startServer } from './core/server/httpServer';
import { createProxyHandler } from './core/proxy/handler';
import { createUpstreamDispatcher } from './core/proxy/dispatcher';
import { readServerFile, removeServerFile, writeServerFile } from './core/server/serverFile';

// The Electron bundle is CommonJS (no import.meta) and passes its own renderer folder to serveApp.
const HERE = typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));

/** The folder holding package.json: this file runs from electron/ (tsx) or from dist/cli/ (the bundle). */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.join(from, '..');
  }
}

const PACKAGE_ROOT = packageRoot(HERE);
/** Where `vite build` puts the renderer. */
export const RENDERER_DIST = path.join(PACKAGE_ROOT, 'dist', 'renderer');

/**
 * Builds the dashboard on the first `serve` of a source checkout where `npm install` did not (its
 * build failed or scripts were skipped). Without the build script or Vite, the placeholder page stays.
 */
export function ensureDashboardBuilt(out: (line: string) => void): void {
  const script = path.join(PACKAGE_ROOT, 'scripts', 'buildRenderer.mjs');
  if (fs.existsSync(path.join(RENDERER_DIST, 'index.html')) || !fs.existsSync(script)) return;
  out('The dashboard has not been built yet; building it now (once, a few seconds).');
  const status = spawnSync(process.execPath, [script], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'inherit', 'inherit'] }).status;
  if (status !== 0) out('Building the dashboard failed (see above); the proxy runs, and the page says how to build the dashboard ("npm run build").');
}

/**
 * Requests carry whole conversations with images, and audio uploads (OpenAI takes files up to
 * 25 MB); 32 MiB matches what gateways accept and holds a 25 MB file with its form around it.
 */
const PROXY_BODY_LIMIT = 32 * 1024 * 1024;

export interface HeadlessOptions {
  env?: NodeJS.ProcessEnv;
  port?: number;
  host?: string;
  /** The built dashboard to serve (the renderer's build by default). */
  staticDir?: string;
  onLedgerUpgrade?: OpenAppOptions['onLedgerUpgrade'];
  /** The app's clock: tests move it past a cool-down instead of waiting one out. */
  now?: OpenAppOptions['now'];
}

/** The proxy, the dashboard and the contract over HTTP on one loopback port, for an app already created. */
export async function serveApp(app: App, options: { port: number; host?: string; staticDir?: string }) {
  const dashboard = createDashboard({ handlers: app.handlers, loginTokens: app.loginTokens, staticDir: options.staticDir ?? RENDERER_DIST, now: app.now });
  const dispatcher = createUpstreamDispatcher(app.userSettings.read('connectTimeoutMs'));
  const proxy = createProxyHandler({ ...app.proxyDeps, dispatcher, bodyLimit: PROXY_BODY_LIMIT });
  try {
    const server = await startServer({ dashboard, proxy, port: options.port, host: options.host });
    app.listeningOn(server.port);
    const replaced = readServerFile(app.paths.home);
    const own = { pid: process.pid, port: server.port, url: server.url, startedAt: Date.now() };
    writeServerFile(app.paths.home, own);
    return {
      server,
      async close() {
        removeServerFile(app.paths.home, own, replaced);
        await server.close();
        await dispatcher.close();
      },
    };
  } catch (err) {
    await dispatcher.close();
    throw err;
  }
}

export type ServedApp = Awaited<ReturnType<typeof serveApp>>;

/** Headless mode: the app's services, the contract over HTTP and the built UI on 127.0.0.1. */
export async function startHeadless(options: HeadlessOptions = {}) {
  const env = options.env ?? process.env;
  const app = openAppFromEnv({ env, port: options.port, keychain: keychainVault(), onLedgerUpgrade: options.onLedgerUpgrade, now: options.now });
  try {
    const served = await serveApp(app, { port: app.proxyPort(), host: options.host, staticDir: options.staticDir });
    return {
      app,
      server: served.server,
      url: served.server.url,
      loginUrl: () => `${served.server.url}/?login=${app.loginTokens.issue()}`,
      async close() {
        await served.close();
        app.close();
      },
    };
  } catch (err) {
    app.close();
    throw err;
  }
}
