import type { AccountAuth, AccountKind } from '../../../shared/accountsContract';
import type { Db } from '../store/db';

/** An account as stored: the credential and the console session stay sealed. */
export interface AccountRow {
  id: number;
  name: string;
  kind: AccountKind;
  baseUrl: string;
  auth: AccountAuth;
  username: string | null;
  userId: number | null;
  sealedCredential: string;
  credentialHint: string;
  sealedSession: string | null;
  lowBalanceThreshold: number | null;
  createdAt: number;
  updatedAt: number;
}

export type NewAccount = Omit<AccountRow, 'id' | 'createdAt' | 'updatedAt'>;

export interface AccountProviderLink {
  providerId: number;
  keyId: number | null;
  /** The key's effective group on the gateway ('' = unknown). */
  keyGroup: string;
}

interface RawAccount {
  id: number;
  name: string;
  kind: string;
  base_url: string;
  auth: string;
  username: string | null;
  user_id: number | null;
  credential: string;
  credential_hint: string;
  session: string | null;
  low_balance: number | null;
  created_at: number;
  updated_at: number;
}

function toRow(r: RawAccount): AccountRow {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as AccountKind,
    baseUrl: r.base_url,
    auth: r.auth as AccountAuth,
    username: r.username,
    userId: r.user_id,
    sealedCredential: r.credential,
    credentialHint: r.credential_hint,
    sealedSession: r.session,
    lowBalanceThreshold: r.low_balance,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function createAccountRepo(db: Db) {
  const byName = db.prepare<[string], RawAccount>('SELECT * FROM accounts WHERE name = ?');
  const all = db.prepare<[], RawAccount>('SELECT * FROM accounts ORDER BY name');
  const insert = db.prepare(
    `INSERT INTO accounts (name, kind, base_url, auth, username, user_id, credential, credential_hint, session, low_balance, created_at, updated_at)
     VALUES (@name, @kind, @baseUrl, @auth, @username, @userId, @sealedCredential, @credentialHint, @sealedSession, @lowBalanceThreshold, @now, @now)`,
  );
  const updateSession = db.prepare<[string | null, number | null, number, number]>('UPDATE accounts SET session = ?, user_id = ?, updated_at = ? WHERE id = ?');
  const updateCredential = db.prepare(
    `UPDATE accounts SET credential = @sealedCredential, credential_hint = @credentialHint, user_id = @userId, session = @sealedSession, updated_at = @now WHERE id = @id`,
  );
  const updateThreshold = db.prepare<[number | null, number, number]>('UPDATE accounts SET low_balance = ?, updated_at = ? WHERE id = ?');
  const remove = db.prepare<[number]>('DELETE FROM accounts WHERE id = ?');
  const links = db.prepare<[number], { provider_id: number; key_id: number | null; key_group: string }>(
    'SELECT provider_id, key_id, key_group FROM account_providers WHERE account_id = ? ORDER BY provider_id',
  );
  const link = db.prepare(
    `INSERT INTO account_providers (account_id, provider_id, key_id, key_group) VALUES (@accountId, @providerId, @keyId, @keyGroup)
     ON CONFLICT(account_id, provider_id) DO UPDATE SET key_id = excluded.key_id, key_group = excluded.key_group`,
  );

  return {
    get: (name: string): AccountRow | undefined => {
      const r = byName.get(name);
      return r && toRow(r);
    },
    list: (): AccountRow[] => all.all().map(toRow),
    insert(account: NewAccount, now: number): void {
      insert.run({ ...account, now });
    },
    setSession: (id: number, sealedSession: string | null, userId: number | null, now: number): void => void updateSession.run(sealedSession, userId, now, id),
    setCredential(id: number, change: Pick<AccountRow, 'sealedCredential' | 'credentialHint' | 'userId' | 'sealedSession'>, now: number): void {
      updateCredential.run({ id, ...change, now });
    },
    setThreshold: (id: number, threshold: number | null, now: number): void => void updateThreshold.run(threshold, now, id),
    remove: (id: number): void => void remove.run(id),
    links: (accountId: number): AccountProviderLink[] =>
      links.all(accountId).map((r) => ({ providerId: r.provider_id, keyId: r.key_id, keyGroup: r.key_group })),
    link: (accountId: number, l: AccountProviderLink): void => void link.run({ accountId, ...l }),
  };
}

export type AccountRepo = ReturnType<typeof createAccountRepo>;
