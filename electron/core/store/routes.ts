import type { Db } from './db';
import type { Client } from '../../../shared/schemas';

/** One hop of a client's route: a provider and the model to ask it for (none: the caller's model). */
export interface RouteHop {
  providerId: number;
  model?: string;
}

export function createRouteRepo(db: Db) {
  const get = db.prepare<[string], { chain: string }>('SELECT chain FROM routes WHERE client = ?');
  const all = db.prepare<[], { client: Client; chain: string }>('SELECT client, chain FROM routes ORDER BY client');
  const upsert = db.prepare(
    `INSERT INTO routes (client, chain, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(client) DO UPDATE SET chain = excluded.chain, updated_at = excluded.updated_at`,
  );
  return {
    get(client: Client): RouteHop[] {
      const row = get.get(client);
      return row ? (JSON.parse(row.chain) as RouteHop[]) : [];
    },
    all(): { client: Client; chain: RouteHop[] }[] {
      return all.all().map((r) => ({ client: r.client, chain: JSON.parse(r.chain) as RouteHop[] }));
    },
    set(client: Client, chain: RouteHop[], now: number): void {
      upsert.run(client, JSON.stringify(chain), now);
    },
  };
}

export type RouteRepo = ReturnType<typeof createRouteRepo>;
