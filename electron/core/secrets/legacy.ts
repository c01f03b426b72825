import fs from 'node:fs';
import path from 'node:path';
import { SwitchboardError } from '../errors';
import { AesGcmSecretStore } from './aesGcmStore';
import { readKeyFile } from './dataKey';

/** Secrets the CLI sealed with `<home>/secret.key` before the shared data key. */
export const KEY_FILE_PREFIX = 'v1:';
/** Secrets the desktop app sealed with Electron's safeStorage before the shared data key. */
export const SAFE_STORAGE_PREFIX = 'ss1:';

/** Opens secrets sealed before the shared data key, so they can be sealed again under it. */
export interface LegacyUnsealer {
  /** The sealed form's prefix, colon included. */
  readonly prefix: string;
  open(sealed: string): string;
  /** Drops the old key material once no secret sealed with it is left. */
  retire?(): void;
}

/** The CLI's former key file, while it exists. */
export function legacyKeyFileUnsealer(home: string): LegacyUnsealer | null {
  const file = path.join(home, 'secret.key');
  const text = readKeyFile(file);
  if (text === null) return null;
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new SwitchboardError('internal', `The former secret key file ${file} is damaged (expected 32 bytes), so the keys sealed with it cannot be moved; restore it from a backup.`);
  const store = new AesGcmSecretStore(key, 'secret.key', KEY_FILE_PREFIX.slice(0, -1));
  return {
    prefix: KEY_FILE_PREFIX,
    open: (sealed) => store.open(sealed),
    retire: () => fs.rmSync(file, { force: true }),
  };
}

/** The sentence for a secret nobody here can open any more. */
export function unopenableLegacySecret(sealed: string, home: string): SwitchboardError | null {
  if (sealed.startsWith(SAFE_STORAGE_PREFIX)) {
    return new SwitchboardError(
      'internal',
      'Some keys were saved by the Switchboard desktop app in a store only it can open; open the desktop app once so it moves them to the shared store, then try again.',
    );
  }
  if (sealed.startsWith(KEY_FILE_PREFIX)) {
    return new SwitchboardError('internal', `Some keys were sealed with ${path.join(home, 'secret.key')}, which is missing or does not match; restore that file and try again.`);
  }
  return null;
}
