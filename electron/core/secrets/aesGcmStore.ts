import { nodeCrypto } from '../nodeCrypto';
import { SwitchboardError } from '../errors';
import type { SecretStore } from './secretStore';

/** The prefix of secrets sealed with the shared data key. */
export const DATA_KEY_PREFIX = 'k1';

/** AES-256-GCM with a 32-byte key; sealed form is `<prefix>:<iv>:<tag>:<ciphertext>` in base64url. */
export class AesGcmSecretStore implements SecretStore {
  readonly kind: string;
  readonly prefix: string;
  readonly #key: Buffer;

  constructor(key: Buffer, kind: string, prefix = DATA_KEY_PREFIX) {
    if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key.');
    this.#key = key;
    this.kind = kind;
    this.prefix = prefix;
  }

  seal(plaintext: string): string {
    const iv = nodeCrypto().randomBytes(12);
    const cipher = nodeCrypto().createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [this.prefix, iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join(':');
  }

  open(sealed: string): string {
    const [prefix, iv, tag, body] = sealed.split(':');
    if (prefix !== this.prefix || !iv || !tag || body === undefined) {
      throw new SwitchboardError('internal', 'A stored secret is not in a format this version of Switchboard can read.');
    }
    try {
      const decipher = nodeCrypto().createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SwitchboardError(
        'internal',
        "A stored secret could not be decrypted: Switchboard's data key does not match the one it was sealed with. Restore the original key (the keychain entry or data.key), or remove and re-add the keys.",
      );
    }
  }
}

/** A store whose key lives only in memory: for tests and throwaway runs. */
export function createMemorySecretStore(): AesGcmSecretStore {
  return new AesGcmSecretStore(nodeCrypto().randomBytes(32), 'memory');
}
