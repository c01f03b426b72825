import { AesGcmSecretStore } from './aesGcmStore';
import { loadDataKey } from './dataKey';
import type { KeyVault } from './keyVault';
import { unopenableLegacySecret } from './legacy';
import type { SecretStore } from './secretStore';

/**
 * The secret store of a data folder, the same for the desktop app, the CLI and the headless
 * server: AES-256-GCM under the folder's data key (keychain, or the 0600 key file without one).
 */
export function openSharedSecrets(home: string, keychain: KeyVault | null): SecretStore {
  const { key, kind } = loadDataKey(home, keychain);
  const store = new AesGcmSecretStore(key, kind);
  return {
    kind,
    seal: (plaintext) => store.seal(plaintext),
    open: (sealed) => {
      const legacy = unopenableLegacySecret(sealed, home);
      if (legacy) throw legacy;
      return store.open(sealed);
    },
  };
}
