import type { Db } from './db';
import type { Protocol } from '../../../shared/schemas';

export interface ProviderRow {
  id: number;
  name: string;
  baseUrl: string;
  anthropicUrl: string;
  protocols: Protocol[];
  models: string[];
  preset: string | null;
  /** The key group's price multiplier on the gateway (new-api groups); 1 when unknown. */
  groupRatio: number;
  /** Per model, the largest max_tokens the provider accepts; a larger request is clamped. */
  outputLimits: Record<string, number>;
  createdAt: number;
  updatedAt: number;
}

export interface ProviderKeyRow {
  id: number;
  providerId: number;
  position: number;
  sealed: string;
  /** Masked form kept beside the sealed key so listings need no decryption. */
  hint: string;
}

interface RawProvider {
  id: number;
  name: string;
  base_url: string;
  anthropic_url: string;
  protocols: string;
  models: string;
  preset: string | null;
  group_ratio: number;
  output_limits: string;
  created_at: number;
  updated_at: number;
}

function toRow(r: RawProvider): ProviderRow {
  return {
    id: r.id,
    name: r.name,
    baseUrl: r.base_url,
    anthropicUrl: r.anthropic_url,
    protocols: JSON.parse(r.protocols) as Protocol[],
    models: JSON.parse(r.models) as string[],
    preset: r.preset,
    groupRatio: r.group_ratio,
    outputLimits: JSON.parse(r.output_limits) as Record<string, number>,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export type NewProvider = Omit<ProviderRow, 'id' | 'createdAt' | 'updatedAt'>;

export function createProviderRepo(db: Db) {
  const byName = db.prepare<[string], RawProvider>('SELECT * FROM providers WHERE name = ?');
  const byId = db.prepare<[number], RawProvider>('SELECT * FROM providers WHERE id = ?');
  const all = db.prepare<[], RawProvider>('SELECT * FROM providers ORDER BY name COLLATE NOCASE');
  const allIds = db.prepare<[], number>('SELECT id FROM providers').pluck();
  const insert = db.prepare(
    `INSERT INTO providers (id, name, base_url, anthropic_url, protocols, models, preset, group_ratio, output_limits, created_at, updated_at)
     VALUES ((SELECT last + 1 FROM provider_id_mark), @name, @baseUrl, @anthropicUrl, @protocols, @models, @preset, @groupRatio, @outputLimits, @now, @now)`,
  );
  const update = db.prepare(
    `UPDATE providers SET name=@name, base_url=@baseUrl, anthropic_url=@anthropicUrl, protocols=@protocols,
       models=@models, preset=@preset, group_ratio=@groupRatio, output_limits=@outputLimits, updated_at=@now WHERE id=@id`,
  );
  const remove = db.prepare<[number]>('DELETE FROM providers WHERE id = ?');
  const keysOf = db.prepare<[number], { id: number; provider_id: number; position: number; sealed: string; hint: string }>(
    'SELECT id, provider_id, position, sealed, hint FROM provider_keys WHERE provider_id = ? ORDER BY position',
  );
  const deleteKeys = db.prepare<[number]>('DELETE FROM provider_keys WHERE provider_id = ?');
  const insertKey = db.prepare(
    'INSERT INTO provider_keys (provider_id, position, sealed, hint, created_at) VALUES (?, ?, ?, ?, ?)',
  );

  const encode = (p: NewProvider) => ({
    name: p.name,
    baseUrl: p.baseUrl,
    anthropicUrl: p.anthropicUrl,
    protocols: JSON.stringify(p.protocols),
    models: JSON.stringify(p.models),
    preset: p.preset,
    groupRatio: p.groupRatio,
    outputLimits: JSON.stringify(p.outputLimits),
  });

  return {
    get: (name: string): ProviderRow | undefined => {
      const r = byName.get(name);
      return r && toRow(r);
    },
    getById: (id: number): ProviderRow | undefined => {
      const r = byId.get(id);
      return r && toRow(r);
    },
    list: (): ProviderRow[] => all.all().map(toRow),
    ids: (): Set<number> => new Set(allIds.all()),
    insert: (p: NewProvider, keys: { sealed: string; hint: string }[], now: number): number =>
      db.transaction(() => {
        const id = Number(insert.run({ ...encode(p), now }).lastInsertRowid);
        keys.forEach((k, i) => insertKey.run(id, i, k.sealed, k.hint, now));
        return id;
      })(),
    update: (id: number, p: NewProvider, keys: { sealed: string; hint: string }[] | undefined, now: number): void =>
      db.transaction(() => {
        update.run({ ...encode(p), id, now });
        if (keys) {
          deleteKeys.run(id);
          keys.forEach((k, i) => insertKey.run(id, i, k.sealed, k.hint, now));
        }
      })(),
    remove: (id: number): void => {
      remove.run(id);
    },
    keys: (providerId: number): ProviderKeyRow[] =>
      keysOf.all(providerId).map((k) => ({ id: k.id, providerId: k.provider_id, position: k.position, sealed: k.sealed, hint: k.hint })),
  };
}

export type ProviderRepo = ReturnType<typeof createProviderRepo>;
