import type { Db } from './db';

export interface CachedView<T> {
  (): T;
  /** Forget the value now (after a write through this process's own services). */
  invalidate(): void;
}

/**
 * A value derived from the database, rebuilt only after another connection changed it (the CLI,
 * the app beside a headless server: data_version), or after invalidate(), which this process's
 * handlers call after every write of theirs. This connection's other writes do not count: they are
 * the ledger's rows and the breakers' states, many per second under load, and none changes the
 * value; a rebuild per ledger batch gave the proxy new route objects four times a second, and its
 * optimized code was thrown away on them each time. The check runs at most every `recheckMs`, so
 * hot paths like the proxy pay nothing per request.
 */
export function cachedUntilDbChanges<T>(db: Db, build: () => T, recheckMs = 250): CachedView<T> {
  const stamp = db.prepare<[], { v: number }>('SELECT data_version AS v FROM pragma_data_version');
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
