import type { Db } from './db';

export interface CachedView<T> {
  (): T;
  /** Forget the value now (after a write through this process's own services). */
  invalidate(): void;
}

/**
 * A value derived from the database, rebuilt only after a table outside the ledger changed, through
 * any connection (the CLI, the app beside a headless server, a handler of this process): triggers
 * count such changes in config_stamp (migration 18). The ledger's rows and the breakers' states do
 * not count: many are written a second under load, none changes the value, and a rebuild per ledger
 * batch gave the proxy new route objects four times a second, throwing its optimized code away each
 * time. invalidate() makes the next read check at once (after a handler's write). The check runs at
 * most every `recheckMs`, so hot paths like the proxy pay nothing per request.
 */
export function cachedUntilDbChanges<T>(db: Db, build: () => T, recheckMs = 250): CachedView<T> {
  const stamp = db.prepare<[], { v: number }>('SELECT n AS v FROM config_stamp');
  let version: number | null = null;
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
