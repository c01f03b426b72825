import type { UsageRecord, UsageRepo } from '../store/usage';

export interface LedgerOptions {
  /** Longest a row waits in memory; a crash loses at most this much. */
  flushMs?: number;
  /** A batch this large is written at once. */
  maxBatch?: number;
  onError?: (err: unknown) => void;
}

/**
 * Collects call records off the request path and writes them in batches, one transaction each.
 * close() writes whatever is pending, so a clean shutdown loses nothing.
 */
export function createUsageLedger(repo: UsageRepo, options: LedgerOptions = {}) {
  const flushMs = options.flushMs ?? 250;
  const maxBatch = options.maxBatch ?? 500;
  let pending: UsageRecord[] = [];
  let timer: NodeJS.Timeout | null = null;

  function flush(): void {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    try {
      repo.insertMany(batch);
    } catch (err) {
      // Keep the rows for the next attempt (a busy database) rather than dropping them.
      pending = batch.concat(pending);
      options.onError?.(err);
      if (!timer) timer = setTimeout(flush, flushMs);
    }
  }

  return {
    record(row: UsageRecord): void {
      pending.push(row);
      if (pending.length >= maxBatch) flush();
      else if (!timer) {
        timer = setTimeout(flush, flushMs);
        timer.unref();
      }
    },
    flush,
    pendingCount: () => pending.length,
    close: flush,
  };
}

export type UsageLedger = ReturnType<typeof createUsageLedger>;
