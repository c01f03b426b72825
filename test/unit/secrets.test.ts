import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemorySecretStore, openFileKeySecretStore } from '../../electron/core/secrets/aesGcmStore';
import { maskSecret, redactSecrets } from '../../shared/mask';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

describe('secret store', () => {
  let t: TempEnv;
  beforeEach(() => {
    t = makeTempEnv();
  });
  afterEach(() => t.cleanup());

  it('seals with AES-256-GCM: round trip, no plaintext in the sealed form, fresh IV each time', () => {
    const store = createMemorySecretStore();
    const key = 'sk-live-1234567890abcdef';
    const a = store.seal(key);
    const b = store.seal(key);
    expect(a).not.toContain(key);
    expect(a).not.toBe(b);
    expect(store.open(a)).toBe(key);
  });

  it('keeps its key in a 0600 file and reads it back in the next process', () => {
    const first = openFileKeySecretStore(t.paths.home);
    const sealed = first.seal('sk-abc-secret-value');
    const keyFile = path.join(t.paths.home, 'secret.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const second = openFileKeySecretStore(t.paths.home);
    expect(second.open(sealed)).toBe('sk-abc-secret-value');
  });

  it('refuses tampered ciphertext and a different key with a sentence, never the secret', () => {
    const store = createMemorySecretStore();
    const sealed = store.seal('sk-topsecret-999');
    const parts = sealed.split(':');
    parts[3] = Buffer.from('tampered!').toString('base64url');
    expect(() => store.open(parts.join(':'))).toThrow(/could not be decrypted/);
    expect(() => createMemorySecretStore().open(sealed)).toThrow(/could not be decrypted/);
    try {
      createMemorySecretStore().open(sealed);
    } catch (err) {
      expect((err as Error).message).not.toContain('topsecret');
    }
  });

  it('masks keys as sk-…abcd and redacts them inside text', () => {
    expect(maskSecret('sk-1234567890abcd')).toBe('sk-…abcd');
    expect(maskSecret('sb-XYZ0123456789wxyz')).toBe('sb-…wxyz');
    expect(maskSecret('short')).toBe('…');
    expect(redactSecrets('Bearer sk-1234567890abcd failed', ['sk-1234567890abcd'])).toBe('Bearer sk-…abcd failed');
  });
});
