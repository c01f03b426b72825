import { Entry } from '@napi-rs/keyring';
import type { KeyVault } from './keyVault';

const SERVICE = 'Switchboard';

/** The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux). */
export function keychainVault(): KeyVault {
  return {
    read: (name) => new Entry(SERVICE, name).getPassword(),
    write: (name, value) => new Entry(SERVICE, name).setPassword(value),
  };
}
