import { nodeCrypto } from '../nodeCrypto';
import type { Db } from './db';
import type { Client } from '../../../shared/schemas';
import type { SecretStore } from '../secrets/secretStore';

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** How every local token begins, which tells it from a gateway's key in a tool's files. */
export const LOCAL_TOKEN_PREFIX = 'sb-';

function newLocalToken(): string {
  const bytes = nodeCrypto().randomBytes(40);
  let out = LOCAL_TOKEN_PREFIX;
  for (const b of bytes) out += TOKEN_ALPHABET[b % TOKEN_ALPHABET.length];
  return out;
}

export function hashToken(token: string): string {
  return nodeCrypto().createHash('sha256').update(token).digest('hex');
}

/**
 * Each client's local `sb-` token for the proxy. Kept sealed (it is shown on request); the hash
 * keeps two clients from ever sharing a token.
 */
export function createLocalTokenRepo(db: Db, secrets: SecretStore, now: () => number) {
  const get = db.prepare<[string], { sealed: string }>('SELECT sealed FROM local_tokens WHERE client = ?');
  const upsert = db.prepare(
    `INSERT INTO local_tokens (client, sealed, hash, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(client) DO UPDATE SET sealed = excluded.sealed, hash = excluded.hash, created_at = excluded.created_at`,
  );
  const issue = (client: Client): string => {
    const token = newLocalToken();
    upsert.run(client, secrets.seal(token), hashToken(token), now());
    return token;
  };
  return {
    /** The client's token, created on first use. */
    ensure(client: Client): string {
      const row = get.get(client);
      return row ? secrets.open(row.sealed) : issue(client);
    },
    /** A new token for the client; the old one stops working at once. */
    rotate: issue,
  };
}

export type LocalTokenRepo = ReturnType<typeof createLocalTokenRepo>;
