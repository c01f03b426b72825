import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type Db } from '../../electron/core/store/db';
import { createUsageRepo, type UsageRecord } from '../../electron/core/store/usage';
import { NO_PRICE } from '../../electron/core/usage/cost';

/** A ledger row of a successful call at `ts` (claude via gw, model m1), with `over` changed. */
export function ledgerRow(ts: number, over: Partial<UsageRecord> = {}): UsageRecord {
  return {
    ts, requestId: `sb_${ts}`, client: 'claude', provider: 'gw', requestedModel: 'm1', servedModel: 'm1', endpoint: 'messages', protocolIn: 'anthropic', protocolOut: 'chat',
    streamed: true, status: 200, errorClass: null, inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0,
    estimatedCounts: null, ttfbMs: 100, totalMs: 200, attempts: 1, failedProviders: [], upstreamRequestId: null, costUsd: 0.5, price: NO_PRICE, ...over,
  };
}

/**
 * Writes `rows` into the real database file of the data folder `home`, the way the proxy would
 * have, for a CLI run to read back; `then` may alter the file before it is closed.
 */
export function seedLedger(home: string, rows: UsageRecord[], then?: (db: Db) => void): void {
  fs.mkdirSync(home, { recursive: true });
  const db = openDatabase(path.join(home, 'switchboard.db'));
  try {
    createUsageRepo(db).insertMany(rows);
    then?.(db);
  } finally {
    db.close();
  }
}
