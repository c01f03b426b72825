import { formatCalls } from '../../../shared/formatCount';
import type { Db } from './db';

/** A schema upgrade that reads or rewrites every call of a big ledger, said before it starts: it blocks the open. */
export interface LedgerUpgrade {
  calls: number;
  /** About how long it takes, from the figures below. */
  seconds: number;
}

/**
 * Seconds per million calls that each migration reading every call took on the 2-core machine the bench
 * runs on (a month of calls, 4 clients, 5 providers, 24 models; `npm run bench`): 15 rebuilds the
 * totals per endpoint from the calls, 16 builds four indexes on them. The others are quick, or older
 * than any ledger big enough to notice.
 */
const SECONDS_PER_MILLION_CALLS: Readonly<Record<number, number>> = { 15: 16, 16: 6 };

/** Shorter than this, an upgrade passes without a word. */
const NOTICE_FROM_SECONDS = 1;

/** The upgrade that running migrations `from`+1 to `to` makes to the ledger, when it is long enough to say so. */
export function ledgerUpgrade(db: Db, from: number, to: number): LedgerUpgrade | null {
  let perMillion = 0;
  for (let n = from + 1; n <= to; n++) perMillion += SECONDS_PER_MILLION_CALLS[n] ?? 0;
  if (perMillion === 0) return null;
  const { calls } = db.prepare('SELECT count(*) AS calls FROM usage_calls').get() as { calls: number };
  const seconds = (calls / 1_000_000) * perMillion;
  return seconds >= NOTICE_FROM_SECONDS ? { calls, seconds } : null;
}

/** How long, as a person says it: "about 25 s", "about 3 min". */
function about(seconds: number): string {
  return seconds < 90 ? `about ${Math.max(1, Math.round(seconds))} s` : `about ${Math.round(seconds / 60)} min`;
}

/** The one line that says an upgrade is running: a person who sees none may think Switchboard hung. */
export function ledgerUpgradeSentence({ calls, seconds }: LedgerUpgrade): string {
  return `Upgrading the usage ledger (${formatCalls(calls)}) for this version of Switchboard; this takes ${about(seconds)}, once (stopping it is safe).`;
}
