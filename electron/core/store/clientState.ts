import type { Db } from './db';
import type { Mode, ToolClient } from '../../../shared/schemas';
import type { OwnedValue } from '../clients/types';
import type { SecretStore } from '../secrets/secretStore';

/** What Switchboard last applied to a tool, with the owned values it wrote (in clear, in memory only). */
export interface AppliedState {
  providerId: number | null;
  mode: Mode;
  model: string | null;
  appliedAt: number;
  written: OwnedValue[];
}

/** A written value as stored: secrets sealed, never clear. */
type StoredValue = Omit<OwnedValue, 'value'> & ({ value: string } | { sealed: string });

interface Row {
  provider_id: number | null;
  provider_name: string | null;
  mode: Mode;
  model: string | null;
  applied_at: number;
  written: string;
}

export function createClientStateRepo(db: Db, secrets: SecretStore) {
  const get = db.prepare<[string], Row>(
    `SELECT s.provider_id, p.name AS provider_name, s.mode, s.model, s.applied_at, s.written
     FROM client_state s LEFT JOIN providers p ON p.id = s.provider_id WHERE s.client = ?`,
  );
  // A provider removed since is recorded as none rather than failing the foreign key.
  const upsert = db.prepare(
    `INSERT INTO client_state (client, provider_id, mode, model, applied_at, written)
     VALUES (?, (SELECT id FROM providers WHERE id = ?), ?, ?, ?, ?)
     ON CONFLICT(client) DO UPDATE SET provider_id = excluded.provider_id, mode = excluded.mode,
       model = excluded.model, applied_at = excluded.applied_at, written = excluded.written`,
  );
  const remove = db.prepare('DELETE FROM client_state WHERE client = ?');

  const seal = (v: OwnedValue): StoredValue => {
    const { value, ...rest } = v;
    return v.secret ? { ...rest, sealed: secrets.seal(value) } : v;
  };
  const open = (v: StoredValue): OwnedValue => ('sealed' in v ? { file: v.file, key: v.key, secret: v.secret, value: secrets.open(v.sealed) } : v);

  return {
    /** The applied state, and the provider's current name (null once it was removed). */
    get(client: ToolClient): { state: AppliedState; providerName: string | null } | undefined {
      const row = get.get(client);
      if (!row) return undefined;
      const state: AppliedState = {
        providerId: row.provider_id,
        mode: row.mode,
        model: row.model,
        appliedAt: row.applied_at,
        written: (JSON.parse(row.written) as StoredValue[]).map(open),
      };
      return { state, providerName: row.provider_name };
    },
    save(client: ToolClient, state: AppliedState): void {
      upsert.run(client, state.providerId, state.mode, state.model, state.appliedAt, JSON.stringify(state.written.map(seal)));
    },
    clear(client: ToolClient): void {
      remove.run(client);
    },
  };
}

export type ClientStateRepo = ReturnType<typeof createClientStateRepo>;
