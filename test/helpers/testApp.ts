import { createApp } from '../../electron/core/app';
import { createMemorySecretStore } from '../../electron/core/secrets/aesGcmStore';
import type { TempEnv } from './tempEnv';

/** The real app over real temp files, with an in-memory secret store. */
export function makeTestApp(t: TempEnv, options: { proxyPort?: number; now?: () => number } = {}) {
  return createApp({ paths: t.paths, secrets: createMemorySecretStore(), ...options });
}
