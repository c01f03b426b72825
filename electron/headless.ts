import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './core/app';
import { resolvePaths } from './core/paths';
import { openFileKeySecretStore } from './core/secrets/aesGcmStore';
import { createDashboard } from './core/server/dashboard';
import { startServer } from './core/server/httpServer';
import { createProxyHandler } from './core/proxy/handler';
import { createUpstreamDispatcher } from './core/proxy/dispatcher';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where `vite build` puts the renderer. */
export const RENDERER_DIST = path.join(ROOT, 'dist', 'renderer');

/** Requests carry whole conversations with images; 32 MiB matches what gateways accept. */
const PROXY_BODY_LIMIT = 32 * 1024 * 1024;

export interface HeadlessOptions {
  env?: NodeJS.ProcessEnv;
  port?: number;
  host?: string;
}

/** Headless mode: the app's services, the contract over HTTP and the built UI on 127.0.0.1. */
export async function startHeadless(options: HeadlessOptions = {}) {
  const env = options.env ?? process.env;
  const paths = resolvePaths(env);
  const envPort = env.SWITCHBOARD_PORT ? Number(env.SWITCHBOARD_PORT) : undefined;
  const app = createApp({ paths, secrets: openFileKeySecretStore(paths.home), proxyPort: options.port ?? envPort });
  const dashboard = createDashboard({ handlers: app.handlers, loginTokens: app.loginTokens, staticDir: RENDERER_DIST });
  const dispatcher = createUpstreamDispatcher(app.userSettings.read('connectTimeoutMs'));
  const proxy = createProxyHandler({ ...app.proxyDeps, dispatcher, bodyLimit: PROXY_BODY_LIMIT });
  try {
    const server = await startServer({ dashboard, proxy, port: app.proxyPort(), host: options.host });
    return {
      app,
      server,
      url: server.url,
      loginUrl: () => `${server.url}/?login=${app.loginTokens.issue()}`,
      async close() {
        await server.close();
        await dispatcher.close();
        app.close();
      },
    };
  } catch (err) {
    await dispatcher.close();
    app.close();
    throw err;
  }
}
