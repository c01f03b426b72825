import type { UsageRecord, UsageRepo } from '../store/usage';
import { startLedgerThread, type LedgerThread } from './ledgerThread';

export interface LedgerOptions {
  /** Longest a row waits in memory; a crash loses at most this much. */
  flushMs?: number;
  /** A batch this large is handed over at once. */
  maxBatch?: number;
  onError?: (err: unknown) => void;
  /**
   * Writes on a worker thread running this script (the bundled ledgerThreadMain) over its own
   * connection to `file`, started with the first batch. Without it, or once that thread stops,
   * rows are written on this thread.
   */
  thread?: { script: string; file: string };
}

/**
 * Collects call records off the request path and writes them in batches, one transaction each.
 * flush() writes whatever is pending before a read; close() does too, so a clean shutdown loses nothing.
 */
export function createUsageLedger(repo: UsageRepo, options: LedgerOptions = {}) {
  const flushMs = options.flushMs ?? 250;
  const maxBatch = options.maxBatch ?? 500;
  let pending: UsageRecord[] = [];
  let timer: NodeJS.Timeout | null = null;
  let thread: LedgerThread | null = null;
  let threadWanted = options.thread !== undefined;

  function later(): void {
    if (timer) return;
    timer = setTimeout(handOver, flushMs);
    timer.unref();
  }
  /** Rows that could not be written (a busy database) wait for the next attempt rather than being dropped. */
  function keep(rows: UsageRecord[], err: unknown): void {
    pending = rows.concat(pending);
    options.onError?.(err);
    later();
  }
  function writerThread(): LedgerThread | null {
    if (!thread && threadWanted && options.thread) {
      threadWanted = false;
      try {
        thread = startLedgerThread(options.thread.script, options.thread.file, {
          failed: keep,
          stopped: (rows, err) => {
            thread = null;
            keep(rows, err);
          },
        });
      } catch (err) {
        options.onError?.(err);
      }
    }
    return thread;
  }
  function handOver(): void {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    const writer = writerThread();
    if (writer) return writer.post(batch);
    try {
      repo.insertMany(batch);
    } catch (err) {
      keep(batch, err);
    }
  }

  return {
    record(row: UsageRecord): void {
      pending.push(row);
      if (pending.length >= maxBatch) handOver();
      else later();
    },
    /** Writes every call recorded so far, before a read (a busy database keeps them for the next try). */
    flush(): void {
      handOver();
      if (!thread) return;
      thread.settle();
      // A thread that stopped meanwhile gave its rows back: they are written here.
      if (!thread) handOver();
    },
    pendingCount: () => pending.length,
    /** Whether rows are being written on a worker thread. */
    writesOnThread: () => thread !== null,
    close(): void {
      handOver();
      if (thread) {
        pending = thread.close().concat(pending);
        thread = null;
      }
      threadWanted = false;
      handOver();
    },
  };
}

export type UsageLedger = ReturnType<typeof createUsageLedger>;
