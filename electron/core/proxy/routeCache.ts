import type { Client } from '../../../shared/schemas';
import type { Db } from '../store/db';
import type { Hop } from './forward';

/**
 * Resolving a route reads the database and decrypts keys; the proxy asks on every call, so the
 * answer is kept until the database changes (this connection's writes or another process's).
 */
export function createRouteCache(db: Db, resolve: (client: Client) => Hop[]) {
  const stamp = db.prepare<[], { v: string }>('SELECT (SELECT data_version FROM pragma_data_version) || \':\' || total_changes() AS v');
  let version = '';
  const cache = new Map<Client, Hop[]>();
  return (client: Client): Hop[] => {
    const now = stamp.get()!.v;
    if (now !== version) {
      cache.clear();
      version = now;
    }
    let hops = cache.get(client);
    if (!hops) {
      hops = resolve(client);
      cache.set(client, hops);
    }
    return hops;
  };
}
