import { createApp, type AppOptions } from './app';
import { resolvePaths } from './paths';
import type { KeyVault } from './secrets/keyVault';
import type { LegacyUnsealer } from './secrets/legacy';
import { openSharedSecrets } from './secrets/sharedSecrets';

export interface OpenAppOptions {
  env: NodeJS.ProcessEnv;
  /** Overrides SWITCHBOARD_PORT and the stored proxy port. */
  port?: number;
  /** The OS keychain in the apps; null where none should be used. */
  keychain: KeyVault | null;
  legacySecrets?: LegacyUnsealer[];
  onLedgerUpgrade?: AppOptions['onLedgerUpgrade'];
  now?: AppOptions['now'];
}

/** The app over the data folder the environment names, as the desktop app, the CLI and the server all open it. */
export function openAppFromEnv({ env, port, keychain, legacySecrets, onLedgerUpgrade, now }: OpenAppOptions) {
  const paths = resolvePaths(env);
  const envPort = env.SWITCHBOARD_PORT ? Number(env.SWITCHBOARD_PORT) : undefined;
  return createApp({ paths, secrets: openSharedSecrets(paths.home, keychain), legacySecrets, proxyPort: port ?? envPort, onLedgerUpgrade, now });
}
