import type { Settings } from '../../../shared/usageContract';
import type { SettingsRepo } from '../store/settings';
import { DEFAULT_ALLOWED_ORIGINS, notAnOrigin } from '../proxy/cors';
import { fail } from '../errors';

export const DEFAULT_PROXY_PORT = 17170;

/** Every user setting with its stored key and default; the one place both are written down. */
const SETTINGS: { [K in keyof Settings]: { key: string; fallback: Settings[K] } } = {
  proxyPort: { key: 'proxy.port', fallback: DEFAULT_PROXY_PORT },
  allowedOrigins: { key: 'proxy.allowedOrigins', fallback: [...DEFAULT_ALLOWED_ORIGINS] },
  connectTimeoutMs: { key: 'proxy.connectTimeoutMs', fallback: 10_000 },
  firstByteTimeoutMs: { key: 'proxy.firstByteTimeoutMs', fallback: 120_000 },
  responseTimeoutMs: { key: 'proxy.responseTimeoutMs', fallback: 600_000 },
  retryAfterCapMs: { key: 'proxy.retryAfterCapMs', fallback: 10_000 },
  breakerThreshold: { key: 'breaker.threshold', fallback: 3 },
  breakerCoolDownMs: { key: 'breaker.coolDownMs', fallback: 30_000 },
  recordUsage: { key: 'usage.record', fallback: true },
  startAtLogin: { key: 'app.startAtLogin', fallback: false },
  theme: { key: 'ui.theme', fallback: 'system' },
  language: { key: 'ui.language', fallback: 'system' },
};

/**
 * The refusal of allowed origins when one entry is not a web origin, with the setting named as the
 * reader knows it ("Allowed origin" on the Settings page); undefined when every entry is one.
 */
export function originsRefusal(origins: readonly string[], entryName = 'Allowed origin'): string | undefined {
  const bad = notAnOrigin(origins);
  return bad === undefined ? undefined : `${entryName} "${bad}" is not a web origin; write it as scheme and host, such as https://chat.example.com or http://localhost:*.`;
}

export function createSettingsService(repo: SettingsRepo) {
  const read = <K extends keyof Settings>(name: K): Settings[K] => repo.get(SETTINGS[name].key, SETTINGS[name].fallback);
  const all = (): Settings =>
    Object.fromEntries((Object.keys(SETTINGS) as (keyof Settings)[]).map((name) => [name, read(name)])) as Settings;
  return {
    read,
    all,
    update(changes: Partial<Settings>): Settings {
      const refusal = changes.allowedOrigins && originsRefusal(changes.allowedOrigins);
      if (refusal) fail('invalid_input', refusal);
      for (const [name, value] of Object.entries(changes) as [keyof Settings, unknown][]) {
        if (value !== undefined) repo.set(SETTINGS[name].key, value);
      }
      return all();
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
