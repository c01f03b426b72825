import { safeStorage } from 'electron';
import { SAFE_STORAGE_PREFIX, type LegacyUnsealer } from '../core/secrets/legacy';

/** Opens the secrets earlier versions of the desktop app sealed with safeStorage, so the core can seal them again under the shared data key. */
export function safeStorageUnsealer(): LegacyUnsealer {
  return {
    prefix: SAFE_STORAGE_PREFIX,
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed.slice(SAFE_STORAGE_PREFIX.length), 'base64')),
  };
}
