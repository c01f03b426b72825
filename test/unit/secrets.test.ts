import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AesGcmSecretStore, createMemorySecretStore } from '../../electron/core/secrets/aesGcmStore';
import { keychainEntryName } from '../../electron/core/secrets/dataKey';
import { legacyKeyFileUnsealer, SAFE_STORAGE_PREFIX, type LegacyUnsealer } from '../../electron/core/secrets/legacy';
import { openSharedSecrets } from '../../electron/core/secrets/sharedSecrets';
import { openDatabase, type Db } from '../../electron/core/store/db';
import { resealLegacySecrets } from '../../electron/core/store/resealSecrets';
import { maskKeyLikeWords, maskSecret, redactSecrets } from '../../shared/mask';
import { memoryKeychain, unreachableKeychain } from '../helpers/keyVaults';
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
    expect(a.startsWith('k1:')).toBe(true);
    expect(store.open(a)).toBe(key);
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
    // Gateways keep keys without "sk-" and may quote them so.
    expect(redactSecrets('token 1234567890abcd is invalid', ['sk-1234567890abcd'])).toBe('token …abcd is invalid');
    expect(redactSecrets('no sk- here: sk-', ['sk-1234567890abcd'])).toBe('no sk- here: sk-');
  });

  it('masks words that look like keys in text that does not say which parts are secret, and nothing else', () => {
    expect(maskKeyLikeWords('invalid float "sk-ant-api03-abcdEFGH-0000" and eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjEyMzQ1Njc4OTB9')).toBe(
      'invalid float "sk-…0000" and …NiJ9.…OTB9',
    );
    expect(maskKeyLikeWords('hex 0123456789abcdef0123, sb-local12')).toBe('hex …0123, sb-…');
    const plain = 'value already defined for experimental_bearer_token in model_providers.openai-2024: expected "=" for key-value';
    expect(maskKeyLikeWords(plain)).toBe(plain);
  });
});

describe('the data key shared by the desktop app and the CLI', () => {
  let t: TempEnv;
  beforeEach(() => {
    t = makeTempEnv();
  });
  afterEach(() => t.cleanup());
  const keyFile = () => path.join(t.paths.home, 'data.key');

  it('without a keychain keeps the key in a 0600 file that the next process reads', () => {
    const first = openSharedSecrets(t.paths.home, unreachableKeychain());
    expect(first.kind).toBe('key-file');
    const sealed = first.seal('sk-abc-secret-value');
    expect(fs.statSync(keyFile()).mode & 0o777).toBe(0o600);
    expect(Buffer.from(fs.readFileSync(keyFile(), 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(openSharedSecrets(t.paths.home, null).open(sealed)).toBe('sk-abc-secret-value');
  });

  it('with a keychain keeps the key there, one entry per data folder, and no key material in the folder', () => {
    const keychain = memoryKeychain();
    const store = openSharedSecrets(t.paths.home, keychain);
    expect(store.kind).toBe('keychain');
    expect(fs.readFileSync(keyFile(), 'utf8').trim()).toBe('keychain');
    expect([...keychain.entries.keys()]).toEqual([keychainEntryName(t.paths.home)]);
    const sealed = store.seal('sk-in-keychain-1');
    expect(openSharedSecrets(t.paths.home, keychain).open(sealed)).toBe('sk-in-keychain-1');

    const other = path.join(t.root, 'second-profile');
    const otherSealed = openSharedSecrets(other, keychain).seal('sk-other');
    expect(keychain.entries.size).toBe(2);
    expect(() => openSharedSecrets(t.paths.home, keychain).open(otherSealed)).toThrow(/could not be decrypted/);
  });

  it('finds its keychain entry again when data.key was deleted, instead of replacing it', () => {
    const keychain = memoryKeychain();
    const sealed = openSharedSecrets(t.paths.home, keychain).seal('sk-survives');
    fs.rmSync(keyFile());
    expect(openSharedSecrets(t.paths.home, keychain).open(sealed)).toBe('sk-survives');
    expect(fs.readFileSync(keyFile(), 'utf8').trim()).toBe('keychain');
  });

  it('never makes a second key when the keychain holding the first cannot be reached', () => {
    const sealed = openSharedSecrets(t.paths.home, memoryKeychain()).seal('sk-needs-keychain');
    expect(() => openSharedSecrets(t.paths.home, unreachableKeychain())).toThrow(/data key is in the system keychain.*keychain has no/s);
    expect(() =>
      openSharedSecrets(t.paths.home, {
        read: () => {
          throw new Error('locked');
        },
        write: () => {},
      }),
    ).toThrow(/cannot reach \(locked\)/);
    expect(fs.readFileSync(keyFile(), 'utf8').trim()).toBe('keychain');
    expect(sealed.startsWith('k1:')).toBe(true);
  });

  it('waits for another process creating the key instead of making its own', async () => {
    fs.mkdirSync(t.paths.home, { recursive: true });
    const winner = crypto.randomBytes(32).toString('base64');
    // Another process holds the creation lock for a moment, then writes its key.
    const creator = spawn(
      process.execPath,
      ['-e', `const fs=require('fs');fs.writeFileSync(process.argv[1]+'.lock','');console.log('locked');setTimeout(()=>{fs.writeFileSync(process.argv[1],process.argv[2]);fs.rmSync(process.argv[1]+'.lock')},400)`, keyFile(), winner],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise((resolve) => creator.stdout.once('data', resolve));
    const store = openSharedSecrets(t.paths.home, null);
    await new Promise((resolve) => creator.once('close', resolve));
    expect(new AesGcmSecretStore(Buffer.from(winner, 'base64'), 'winner').open(store.seal('sk-x'))).toBe('sk-x');
  });

  it('tells the CLI to open the desktop app once for a secret only safeStorage can open', () => {
    const store = openSharedSecrets(t.paths.home, null);
    expect(() => store.open(`${SAFE_STORAGE_PREFIX}AAAA`)).toThrow(/open the desktop app once/);
    expect(() => store.open('v1:a:b:c')).toThrow(/secret\.key, which is missing/);
  });
});

describe('moving secrets from before the data key', () => {
  let t: TempEnv;
  let db: Db;
  let v1: AesGcmSecretStore;
  const reversed = (s: string) => [...s].reverse().join('');
  /** Stands in for safeStorage: "ss1:" + base64 of the reversed text. */
  const fakeSafeStorage: LegacyUnsealer = { prefix: 'ss1:', open: (sealed) => reversed(Buffer.from(sealed.slice(4), 'base64').toString('utf8')) };
  const ss1 = (plain: string) => `ss1:${Buffer.from(reversed(plain)).toString('base64')}`;

  beforeEach(() => {
    t = makeTempEnv();
    db = openDatabase(path.join(t.paths.home, 'switchboard.db'));
    const legacyKey = crypto.randomBytes(32);
    fs.writeFileSync(path.join(t.paths.home, 'secret.key'), legacyKey.toString('base64') + '\n', { mode: 0o600 });
    v1 = new AesGcmSecretStore(legacyKey, 'old', 'v1');
    const providerId = Number(db.prepare("INSERT INTO providers (name, base_url, anthropic_url, protocols, created_at, updated_at) VALUES ('gw', 'https://gw.example/v1', 'https://gw.example', '[\"chat\"]', 0, 0)").run().lastInsertRowid);
    db.prepare('INSERT INTO provider_keys (provider_id, position, sealed, hint, created_at) VALUES (?, 0, ?, ?, 0)').run(providerId, v1.seal('sk-from-cli'), 'sk-…-cli');
    db.prepare('INSERT INTO provider_keys (provider_id, position, sealed, hint, created_at) VALUES (?, 1, ?, ?, 0)').run(providerId, ss1('sk-from-desktop'), 'sk-…ktop');
    db.prepare("INSERT INTO local_tokens (client, sealed, hash, created_at) VALUES ('codex', ?, 'h', 0)").run(ss1('sb-token-1'));
    db.prepare("INSERT INTO backups (client, created_at, reason, files) VALUES ('codex', 0, 'apply', ?)").run(
      JSON.stringify({ files: [{ path: '/x/auth.json', existed: true, mode: 384, sealed: v1.seal('{"OPENAI_API_KEY":"sk-in-backup"}') }], state: ss1('{"provider":"gw"}') }),
    );
  });
  afterEach(() => {
    db.close();
    t.cleanup();
  });

  const values = () => ({
    keys: db.prepare('SELECT sealed FROM provider_keys ORDER BY position').pluck().all() as string[],
    token: db.prepare("SELECT sealed FROM local_tokens WHERE client = 'codex'").pluck().get() as string,
    backup: JSON.parse(db.prepare('SELECT files FROM backups').pluck().get() as string),
  });

  it('seals v1: and ss1: secrets again under the data key, in columns and inside JSON, then drops secret.key', () => {
    const store = createMemorySecretStore();
    const report = resealLegacySecrets(db, store, [legacyKeyFileUnsealer(t.paths.home)!, fakeSafeStorage]);
    expect(report).toEqual({ resealed: 5, left: {} });
    const v = values();
    expect(v.keys.map((k) => store.open(k))).toEqual(['sk-from-cli', 'sk-from-desktop']);
    expect(store.open(v.token)).toBe('sb-token-1');
    expect(store.open(v.backup.files[0].sealed)).toBe('{"OPENAI_API_KEY":"sk-in-backup"}');
    expect(store.open(v.backup.state)).toBe('{"provider":"gw"}');
    expect(v.backup.files[0].path).toBe('/x/auth.json');
    expect(fs.existsSync(path.join(t.paths.home, 'secret.key'))).toBe(false);
  });

  it('leaves ss1: secrets for the desktop app when only the CLI opens the folder', () => {
    const store = createMemorySecretStore();
    const report = resealLegacySecrets(db, store, [legacyKeyFileUnsealer(t.paths.home)!]);
    expect(report).toEqual({ resealed: 2, left: { 'ss1:': 3 } });
    const v = values();
    expect(store.open(v.keys[0])).toBe('sk-from-cli');
    expect(v.keys[1]).toBe(ss1('sk-from-desktop'));
    expect(v.backup.state).toBe(ss1('{"provider":"gw"}'));
  });

  it('keeps every old secret and secret.key when sealing fails half-way', () => {
    const before = values();
    let sealed = 0;
    const failing = {
      kind: 'failing',
      seal: (plain: string) => {
        if (++sealed === 3) throw new Error('disk full');
        return createMemorySecretStore().seal(plain);
      },
      open: () => '',
    };
    expect(() => resealLegacySecrets(db, failing, [legacyKeyFileUnsealer(t.paths.home)!, fakeSafeStorage])).toThrow(/disk full/);
    expect(values()).toEqual(before);
    expect(fs.existsSync(path.join(t.paths.home, 'secret.key'))).toBe(true);
  });
});
