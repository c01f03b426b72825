import { Entry } from '@napi-rs/keyring';
import type { KeyVault } from './keyVault';

const SERVICE = 'Switchboard';
// On Linux only the Secret Service persists: the kernel keyring the library would fall back to
// lives in memory, per login session, so a key kept there would be lost to the next process.
const OPTIONS = { linux: { store: 'secret-service' } } as const;

/** The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux). */
export function keychainVault(): KeyVault {
  return {
    read: (name) => new Entry(SERVICE, name, OPTIONS).getPassword(),
    write: (name, value) => new Entry(SERVICE, name, OPTIONS).setPassword(value),
  };
}
