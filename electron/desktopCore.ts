import { openAppFromEnv, type OpenAppOptions } from './core/openApp';
import type { KeyVault } from './core/secrets/keyVault';
import type { LegacyUnsealer } from './core/secrets/legacy';
import { serveApp, type ServedApp } from './headless';

export interface DesktopCoreOptions {
  env: NodeJS.ProcessEnv;
  /** The OS keychain holding the data key shared with the CLI. */
  keychain: KeyVault | null;
  /** Opens the secrets the desktop app sealed with safeStorage before the shared data key. */
  legacySecrets: LegacyUnsealer[];
  /** The built renderer, also served as the dashboard on the proxy's port. */
  rendererDir: string;
  /** Told before a long upgrade of the usage ledger blocks the start (the window is not up yet). */
  onLedgerUpgrade?: OpenAppOptions['onLedgerUpgrade'];
}

/**
 * The desktop app's core: the services plus a proxy the tray can turn off and on.
 * Plain Node, so it is tested without Electron; main.ts only adds windows and menus.
 */
export function createDesktopCore({ env, keychain, legacySecrets, rendererDir, onLedgerUpgrade }: DesktopCoreOptions) {
  const app = openAppFromEnv({ env, keychain, legacySecrets, onLedgerUpgrade });
  let served: ServedApp | null = null;
  let lastError: string | null = null;

  async function startProxy(): Promise<void> {
    if (served) return;
    try {
      served = await serveApp(app, { port: app.proxyPort(), staticDir: rendererDir });
      lastError = null;
    } catch (err) {
      lastError = (err as Error).message;
      throw err;
    }
  }

  async function stopProxy(): Promise<void> {
    const running = served;
    served = null;
    await running?.close();
  }

  return {
    app,
    startProxy,
    stopProxy,
    proxyStatus: () => ({ running: served !== null, port: served?.server.port ?? app.proxyPort(), error: lastError }),
    /** Stops the proxy, then writes the ledger's pending rows and closes the database. */
    async close(): Promise<void> {
      await stopProxy();
      app.close();
    },
  };
}

export type DesktopCore = ReturnType<typeof createDesktopCore>;
