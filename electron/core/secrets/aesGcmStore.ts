import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SwitchboardError } from '../errors';
import type { SecretStore } from './secretStore';

const VERSION = 'v1';

/** AES-256-GCM with a 32-byte key; sealed form is `v1:<iv>:<tag>:<ciphertext>` in base64url. */
export class AesGcmSecretStore implements SecretStore {
  readonly kind: string;
  readonly #key: Buffer;

  constructor(key: Buffer, kind = 'aes-256-gcm') {
    if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key.');
    this.#key = key;
    this.kind = kind;
  }

  seal(plaintext: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join(':');
  }

  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split(':');
    if (version !== VERSION || !iv || !tag || body === undefined) {
      throw new SwitchboardError('internal', 'A stored secret is not in a format this version of Switchboard can read.');
    }
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SwitchboardError(
        'internal',
        'A stored secret could not be decrypted: the secret key file does not match this database. Restore the original secret.key or re-add the keys.',
      );
    }
  }
}

/** Loads the key from `<home>/secret.key` (0600), creating it on first use. */
export function openFileKeySecretStore(home: string): AesGcmSecretStore {
  const keyFile = path.join(home, 'secret.key');
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  let key: Buffer;
  try {
    key = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'base64');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    key = crypto.randomBytes(32);
    // 'wx' fails if another process created it meanwhile; then read theirs.
    try {
      fs.writeFileSync(keyFile, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (writeErr) {
      if ((writeErr as NodeJS.ErrnoException).code !== 'EEXIST') throw writeErr;
      key = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'base64');
    }
  }
  if (key.length !== 32) {
    throw new SwitchboardError('internal', `The secret key file ${keyFile} is damaged (expected 32 bytes). Restore it from a backup.`);
  }
  return new AesGcmSecretStore(key, 'key-file');
}

/** A store whose key lives only in memory: for tests and throwaway runs. */
export function createMemorySecretStore(): AesGcmSecretStore {
  return new AesGcmSecretStore(crypto.randomBytes(32), 'memory');
}
