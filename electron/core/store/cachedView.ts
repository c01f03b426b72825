import type { Db } from './db';

/**
 * A value derived from the database, rebuilt only after the database changed: this connection's
 * own writes (total_changes) or another process's, such as the CLI (data_version). The check
 * itself runs at most every `recheckMs`, so hot paths like the proxy pay nothing per request.
 */
export function cachedUntilDbChanges<T>(db: Db, build: () => T, recheckMs = 250): () => T {
  const stamp = db.prepare<[], { v: string }>("SELECT (SELECT data_version FROM pragma_data_version) || ':' || total_changes() AS v");
  let version: string | null = null;
  let value: T;
  let checkedAt = -Infinity;
  return () => {
    const now = performance.now();
    if (now - checkedAt >= recheckMs) {
      checkedAt = now;
      const current = stamp.get()!.v;
      if (current !== version) {
        version = current;
        value = build();
      }
    }
    return value;
  };
}
