import { safeStorage } from 'electron';
import type { SecretStore } from '../core/secrets/secretStore';

const PREFIX = 'ss1:';

/**
 * Secrets sealed by the OS keychain through Electron's safeStorage. Refuses to store a key it
 * cannot encrypt; on Linux without a keyring it warns that safeStorage fell back to basic text.
 */
export function createSafeStorageSecrets(warn: (message: string) => void): SecretStore {
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    warn('No keyring was found: keys are stored with basic obfuscation only. Install gnome-keyring or KWallet for real encryption.');
  }
  return {
    kind: 'safe-storage',
    seal: (plaintext) => {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new Error('The system keychain is not available, so Switchboard will not store this key; unlock or install a keyring and try again.');
      }
      return `${PREFIX}${safeStorage.encryptString(plaintext).toString('base64')}`;
    },
    open: (sealed) => {
      if (!sealed.startsWith(PREFIX)) throw new Error('A stored secret was sealed by another secret store.');
      return safeStorage.decryptString(Buffer.from(sealed.slice(PREFIX.length), 'base64'));
    },
  };
}
