import type { Db } from './db';
import type { ModelPrice } from '../usage/cost';

export interface PriceRow extends ModelPrice {
  providerId: number;
  model: string;
  source: 'gateway' | 'manual';
  updatedAt: number;
}

/** Per provider and model, USD per million tokens; from the gateway's pricing or set by hand. */
export function createPriceRepo(db: Db) {
  const get = db.prepare<[number, string], { input: number; output: number; cache_read: number | null; cache_write: number | null; cache_write_1h: number | null; source: string }>(
    'SELECT input, output, cache_read, cache_write, cache_write_1h, source FROM prices WHERE provider_id = ? AND model = ?',
  );
  const list = db.prepare<[], { provider_id: number; model: string; input: number; output: number; cache_read: number | null; cache_write: number | null; cache_write_1h: number | null; source: string; updated_at: number }>(
    'SELECT * FROM prices ORDER BY provider_id, model',
  );
  const upsert = db.prepare(
    `INSERT INTO prices (provider_id, model, input, output, cache_read, cache_write, cache_write_1h, source, updated_at)
     VALUES (@providerId, @model, @input, @output, @cacheRead, @cacheWrite, @cacheWrite1h, @source, @updatedAt)
     ON CONFLICT(provider_id, model) DO UPDATE SET input = excluded.input, output = excluded.output,
       cache_read = excluded.cache_read, cache_write = excluded.cache_write, cache_write_1h = excluded.cache_write_1h,
       source = excluded.source, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[number, string]>('DELETE FROM prices WHERE provider_id = ? AND model = ?');
  return {
    get(providerId: number, model: string): (ModelPrice & { source: 'gateway' | 'manual' }) | undefined {
      const r = get.get(providerId, model);
      return r && { input: r.input, output: r.output, cacheRead: r.cache_read, cacheWrite: r.cache_write, cacheWrite1h: r.cache_write_1h, source: r.source as 'gateway' | 'manual' };
    },
    list(): PriceRow[] {
      return list.all().map((r) => ({
        providerId: r.provider_id,
        model: r.model,
        input: r.input,
        output: r.output,
        cacheRead: r.cache_read,
        cacheWrite: r.cache_write,
        cacheWrite1h: r.cache_write_1h,
        source: r.source as 'gateway' | 'manual',
        updatedAt: r.updated_at,
      }));
    },
    set: (row: PriceRow): void => void upsert.run({ ...row, cacheWrite1h: row.cacheWrite1h ?? null }),
    remove: (providerId: number, model: string): void => void remove.run(providerId, model),
  };
}

export type PriceRepo = ReturnType<typeof createPriceRepo>;
