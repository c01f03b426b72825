import type { Db } from './db';

export interface CachedView<T> {
  (): T;
  /** Forget the value now (after a write through this process's own services). */
  invalidate(): void;
}

/**
 * A value derived from the database, rebuilt only after the database changed: this connection's
 * own writes (total_changes) or another process's, such as the CLI (data_version). The check
 * itself runs at most every `recheckMs`, so hot paths like the proxy pay nothing per request;
 * invalidate() makes this process's own changes visible at once.
 */
export function cachedUntilDbChanges<T>(db: Db, build: () => T, recheckMs = 250): CachedView<T> {
  const stamp = db.prepare<[], { v: string }>("SELECT (SELECT data_version FROM pragma_data_version) || ':' || total_changes() AS v");
  let version: string | null = null;
  let value: T;
  let checkedAt = -Infinity;
  const view = () => {
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
  view.invalidate = () => {
    checkedAt = -Infinity;
    version = null;
  };
  return view;
}
