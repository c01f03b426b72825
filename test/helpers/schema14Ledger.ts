import Database from 'better-sqlite3';
import { openDatabase } from '../../electron/core/store/db';
import { createUsageRepo, type UsageRecord } from '../../electron/core/store/usage';
import { migrations } from '../../electron/core/store/migrations';

/** The schema before the migrations that touch usage_calls on a big ledger (15 to 17). */
export const SCHEMA_BEFORE_LEDGER_UPGRADE = 14;

const CALL_COLUMNS = `id, ts, request_id, client, provider, requested_model, served_model, protocol_in, protocol_out, streamed, status,
  error_class, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, estimated, ttfb_ms, total_ms,
  attempts, failed_providers, upstream_request_id, cost_usd, price, error_message, unpriced, endpoint, estimated_counts, cache_write_1h_tokens`;
const TOTALS = `calls, errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, unpriced, cache_write_1h_tokens`;
const SUMMED = TOTALS.split(', ').map((c) => `sum(${c})`).join(', ');

/**
 * Writes `file` as a Switchboard of schema 14 left it, holding the calls of the current-schema
 * ledger `source` (its rows and its totals, which at 14 were not kept per endpoint), so that the
 * next open runs the migrations from 15 on over them as a user's upgrade would.
 */
export function writeSchema14Ledger(file: string, source: string): void {
  const old = new Database(file);
  try {
    old.pragma('journal_mode = WAL');
    old.transaction(() => {
      for (const migration of migrations.slice(0, SCHEMA_BEFORE_LEDGER_UPGRADE)) old.exec(migration);
      old.pragma(`user_version = ${SCHEMA_BEFORE_LEDGER_UPGRADE}`);
    })();
    old.prepare('ATTACH DATABASE ? AS source').run(source);
    old.transaction(() => {
      old.exec(`INSERT INTO usage_calls (${CALL_COLUMNS}) SELECT ${CALL_COLUMNS} FROM source.usage_calls`);
      for (const [table, bucket] of [['usage_quarterly', 'quarter'], ['usage_hourly', 'hour'], ['usage_daily', 'day']]) {
        old.exec(
          `INSERT INTO ${table} (${bucket}, client, provider, model, ${TOTALS})
           SELECT ${bucket}, client, provider, model, ${SUMMED} FROM source.${table} GROUP BY 1, 2, 3, 4`,
        );
      }
    })();
    old.exec('DETACH DATABASE source');
  } finally {
    old.close();
  }
}

/** A current-schema ledger of `records` at `file`, as the source of writeSchema14Ledger. */
export function writeLedger(file: string, records: UsageRecord[]): void {
  const db = openDatabase(file);
  try {
    createUsageRepo(db).insertMany(records);
  } finally {
    db.close();
  }
}
