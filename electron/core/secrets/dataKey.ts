import { nodeCrypto } from '../nodeCrypto';
import fs from 'node:fs';
import path from 'node:path';
import { SwitchboardError } from '../errors';
import { writeFileAtomic } from '../files/atomicWrite';
import type { KeyVault } from './keyVault';

/** In the data folder: the key itself (base64, 0600), or this word when the key is in the keychain. */
const KEY_FILE = 'data.key';
const IN_KEYCHAIN = 'keychain';
/** Held (O_EXCL) by the one process creating the key, so the CLI and the app never make two. */
const LOCK_FILE = 'data.key.lock';
const STALE_LOCK_MS = 10_000;
const WAIT_STEP_MS = 50;

export interface DataKey {
  key: Buffer;
  /** Where it is kept: "keychain" or "key-file". */
  kind: string;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The keychain entry of this data folder: each folder (a test's, a second profile) has its own key. */
export function keychainEntryName(home: string): string {
  return `data-key ${home}`;
}

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new SwitchboardError('internal', `Switchboard's data key in ${where} is damaged (expected 32 bytes). Restore it from a backup.`);
  return key;
}

/** A key file's text without surrounding whitespace, or null when it does not exist. */
export function readKeyFile(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function fromKeychain(home: string, file: string, keychain: KeyVault | null): DataKey {
  let stored: string | null;
  try {
    stored = keychain ? keychain.read(keychainEntryName(home)) : null;
  } catch (err) {
    throw new SwitchboardError(
      'internal',
      `Switchboard's data key is in the system keychain, which this session cannot reach (${(err as Error).message}); run Switchboard where your keychain is unlocked.`,
    );
  }
  if (stored === null) {
    throw new SwitchboardError(
      'internal',
      `${file} says Switchboard's data key is in the system keychain, but the keychain has no "${keychainEntryName(home)}" entry; restore it, or remove ${file} and re-add your keys.`,
    );
  }
  return { key: decodeKey(stored, 'the system keychain'), kind: 'keychain' };
}

/**
 * The key of a folder whose data.key does not exist yet: its keychain entry if one is left (never
 * overwritten: it may seal secrets), else a fresh key, kept in the keychain when one can store it
 * and read it back, else in the 0600 key file.
 */
function createDataKey(home: string, file: string, keychain: KeyVault | null): DataKey {
  const name = keychainEntryName(home);
  if (keychain) {
    try {
      const kept = keychain.read(name);
      const encoded = kept ?? nodeCrypto().randomBytes(32).toString('base64');
      if (kept === null) keychain.write(name, encoded);
      if (keychain.read(name) === encoded) {
        const key = decodeKey(encoded, 'the system keychain');
        writeFileAtomic(file, `${IN_KEYCHAIN}\n`, { mode: 0o600 });
        return { key, kind: 'keychain' };
      }
    } catch {
      // No usable keychain in this session: the key file below is the documented fallback.
    }
  }
  const key = nodeCrypto().randomBytes(32);
  writeFileAtomic(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  return { key, kind: 'key-file' };
}

function tryLock(lock: string): boolean {
  try {
    fs.closeSync(fs.openSync(lock, 'wx', 0o600));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // A creator that died mid-way leaves its lock behind; creation takes milliseconds.
    const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > STALE_LOCK_MS) fs.rmSync(lock, { force: true });
    return false;
  }
}

/**
 * The one key that seals every secret in the data folder, for the desktop app and the CLI alike:
 * read from the key file or the keychain it points to, created on first use.
 */
export function loadDataKey(home: string, keychain: KeyVault | null): DataKey {
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  const file = path.join(home, KEY_FILE);
  const lock = path.join(home, LOCK_FILE);
  for (let waited = 0; ; waited += WAIT_STEP_MS) {
    const text = readKeyFile(file);
    if (text === IN_KEYCHAIN) return fromKeychain(home, file, keychain);
    if (text !== null) return { key: decodeKey(text, file), kind: 'key-file' };
    if (tryLock(lock)) {
      try {
        if (readKeyFile(file) === null) return createDataKey(home, file, keychain);
      } finally {
        fs.rmSync(lock, { force: true });
      }
      continue;
    }
    if (waited > 2 * STALE_LOCK_MS) throw new SwitchboardError('internal', `Could not create Switchboard's data key: ${lock} stays locked; remove it and try again.`);
    sleep(WAIT_STEP_MS);
  }
}
