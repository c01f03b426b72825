import { nodeCrypto } from '../nodeCrypto';
import type { Db } from './db';
import { hashToken } from './localTokens';

const LOGIN_TOKEN_TTL_MS = 10 * 60 * 1000;

/**
 * One-time dashboard login links. Kept (hashed) in the database so that `switchboard dashboard`
 * in another terminal can mint a link for the running server.
 */
export function createLoginTokenRepo(db: Db, now: () => number) {
  const insert = db.prepare('INSERT INTO login_tokens (hash, expires_at) VALUES (?, ?)');
  const take = db.prepare<[string, number]>('DELETE FROM login_tokens WHERE hash = ? AND expires_at > ?');
  const purge = db.prepare<[number]>('DELETE FROM login_tokens WHERE expires_at <= ?');
  return {
    issue(): string {
      purge.run(now());
      const token = nodeCrypto().randomBytes(24).toString('base64url');
      insert.run(hashToken(token), now() + LOGIN_TOKEN_TTL_MS);
      return token;
    },
    /** True once per valid token; the token is gone afterwards. */
    consume(token: string): boolean {
      return take.run(hashToken(token), now()).changes === 1;
    },
  };
}

export type LoginTokenRepo = ReturnType<typeof createLoginTokenRepo>;
