import type { Db } from './db';
import type { Client } from '../../../shared/schemas';

/** One hop of a client's route: a provider and how to name models for it. */
export interface RouteHop {
  providerId: number;
  /** Ask this provider for this model whatever the caller asked for. */
  model?: string;
  /**
   * Set when `use --model` put `model` here along with the tool's own model setting: a later `use`
   * without --model gives the tool back its own model, and this one goes with it. A model from
   * `route set` has no mark and stays.
   */
  modelFromUse?: true;
  /** Pattern (with *) -> model, first match wins; e.g. "claude-sonnet-*" -> "gpt-5.4". */
  models?: Record<string, string>;
}

export interface RouteOptions {
  /** Never serve another model than the one asked for: failover skips hops that map it elsewhere. */
  strictModel?: boolean;
  /** Extra statuses that count as "try the next provider" (gateways answer overload as 400). */
  retryStatuses?: number[];
  /** Extra error texts (case-insensitive substrings) that count as retryable. */
  retryPatterns?: string[];
}

export interface Route {
  hops: RouteHop[];
  options: RouteOptions;
}

export function createRouteRepo(db: Db) {
  const get = db.prepare<[string], { chain: string; options: string }>('SELECT chain, options FROM routes WHERE client = ?');
  const all = db.prepare<[], { client: Client; chain: string; options: string }>('SELECT client, chain, options FROM routes ORDER BY client');
  const upsert = db.prepare(
    `INSERT INTO routes (client, chain, options, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(client) DO UPDATE SET chain = excluded.chain, options = excluded.options, updated_at = excluded.updated_at`,
  );
  const decode = (row: { chain: string; options: string }): Route => ({
    hops: JSON.parse(row.chain) as RouteHop[],
    options: JSON.parse(row.options) as RouteOptions,
  });
  return {
    get(client: Client): Route {
      const row = get.get(client);
      return row ? decode(row) : { hops: [], options: {} };
    },
    all(): { client: Client; route: Route }[] {
      return all.all().map((r) => ({ client: r.client, route: decode(r) }));
    },
    set(client: Client, route: Route, now: number): void {
      upsert.run(client, JSON.stringify(route.hops), JSON.stringify(route.options), now);
    },
  };
}

export type RouteRepo = ReturnType<typeof createRouteRepo>;
