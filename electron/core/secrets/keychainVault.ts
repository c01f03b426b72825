import { lazily } from '../../../shared/lazy';
import { lateRequire } from '../lateRequire';
import type { KeyVault } from './keyVault';

const SERVICE = 'Switchboard';
// On Linux only the Secret Service persists: the kernel keyring the library would fall back to
// lives in memory, per login session, so a key kept there would be lost to the next process.
const OPTIONS = { linux: { store: 'secret-service' } } as const;

/**
 * The native keychain library, loaded on first use: a data folder whose key is in its key file
 * never needs it, and loading it costs each CLI start about 10 ms.
 */
const loadKeyring = lazily(() => lateRequire('@napi-rs/keyring') as typeof import('@napi-rs/keyring'));

/** The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux). */
export function keychainVault(): KeyVault {
  return {
    read: (name) => new (loadKeyring().Entry)(SERVICE, name, OPTIONS).getPassword(),
    write: (name, value) => new (loadKeyring().Entry)(SERVICE, name, OPTIONS).setPassword(value),
  };
}
