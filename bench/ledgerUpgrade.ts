// Opening a ledger of 1,000,000 calls that a Switchboard of schema 14 left runs the migrations since,
// which read every call; the open blocks the CLI, `serve` and the desktop app until it ends.
import path from 'node:path';
import { openDatabase } from '../electron/core/store/db';
import type { LedgerUpgrade } from '../electron/core/store/ledgerUpgrade';
import { SCHEMA_BEFORE_LEDGER_UPGRADE, writeSchema14Ledger } from '../test/helpers/schema14Ledger';

const LIMIT_SECONDS = 30;

export interface LedgerUpgradeResult {
  from: number;
  calls: number;
  seconds: number;
  /** What the notice said it would take. */
  estimatedSeconds: number;
  limit: number;
  pass: boolean;
}

/** Times opening a schema-14 copy of the ledger `source` (the usage queries' million calls), as a user's first start after an update. */
export function benchLedgerUpgrade(home: string, source: string): LedgerUpgradeResult {
  const file = path.join(home, 'ledger-upgrade-bench.db');
  writeSchema14Ledger(file, source);
  let notice: LedgerUpgrade | null = null;
  const started = performance.now();
  openDatabase(file, { onLedgerUpgrade: (upgrade) => (notice = upgrade) }).close();
  const seconds = (performance.now() - started) / 1000;
  const told = notice as LedgerUpgrade | null;
  return {
    from: SCHEMA_BEFORE_LEDGER_UPGRADE,
    calls: told?.calls ?? 0,
    seconds: +seconds.toFixed(1),
    estimatedSeconds: +(told?.seconds ?? 0).toFixed(1),
    limit: LIMIT_SECONDS,
    pass: seconds < LIMIT_SECONDS && told !== null,
  };
}
