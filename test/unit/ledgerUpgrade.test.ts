import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion, type Db } from '../../electron/core/store/db';
import { ledgerUpgradeSentence, type LedgerUpgrade } from '../../electron/core/store/ledgerUpgrade';
import { migrations } from '../../electron/core/store/migrations';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

const QUARTER_MS = 900_000;

describe('upgrading a big ledger', () => {
  let t: TempEnv;
  beforeEach(() => {
    t = makeTempEnv();
  });
  afterEach(() => t.cleanup());

  /** A file as schema 14 left it: one call per quarter hour, as one tool on one route makes them, with totals summed from them. */
  function schema14Ledger(name: string, quarters: number): string {
    const file = path.join(t.paths.home, name);
    fs.mkdirSync(t.paths.home, { recursive: true });
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    for (const sql of migrations.slice(0, 14)) raw.exec(sql);
    raw.pragma('user_version = 14');
    raw.exec(`
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${quarters})
      INSERT INTO usage_calls (ts, request_id, client, provider, requested_model, served_model, endpoint, protocol_in, streamed, status,
        input_tokens, total_ms, cost_usd, price)
      SELECT i * ${QUARTER_MS} + 1000, 'sb_' || i, 'claude', 'gw', 'm', 'm', CASE WHEN i % 3 = 0 THEN NULL ELSE 'messages' END,
        'anthropic', 1, 200, 10 + i % 7, 100, 0.5, '{}' FROM n;`);
    for (const [table, bucket, ms] of [['usage_quarterly', 'quarter', QUARTER_MS], ['usage_hourly', 'hour', 4 * QUARTER_MS], ['usage_daily', 'day', 96 * QUARTER_MS]] as const) {
      raw.exec(
        `INSERT INTO ${table} (${bucket}, client, provider, model, calls, errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
           reasoning_tokens, cost_usd, unpriced)
         SELECT ts / ${ms}, client, provider, served_model, count(*), 0, sum(input_tokens), 0, 0, 0, 0, sum(cost_usd), 0 FROM usage_calls GROUP BY 1, 2, 3, 4`,
      );
    }
    raw.close();
    return file;
  }

  /** Each totals table's calls and input tokens per endpoint match the calls'. */
  function expectTotalsMatchCalls(db: Db) {
    const byEndpoint = (table: string) => db.prepare(`SELECT endpoint, sum(calls) AS calls, sum(input_tokens) AS input FROM ${table} GROUP BY 1 ORDER BY 1`).all();
    const fromCalls = db.prepare("SELECT coalesce(endpoint, '') AS endpoint, count(*) AS calls, sum(input_tokens) AS input FROM usage_calls GROUP BY 1 ORDER BY 1").all();
    for (const table of ['usage_quarterly', 'usage_hourly', 'usage_daily']) expect(byEndpoint(table), table).toEqual(fromCalls);
  }

  it('splits the totals of a year of one model\u2019s calls by endpoint in seconds, every total kept whole', () => {
    // 156 days of quarter hours: each totals row met every part of its model (quarters times quarters)
    // when the bucket was left out of the join's lookup.
    const file = schema14Ledger('schema14.db', 15_000);
    const started = performance.now();
    const db = openDatabase(file);
    const seconds = (performance.now() - started) / 1000;
    expect(schemaVersion(db)).toBe(migrations.length);
    expectTotalsMatchCalls(db);
    db.close();
    // About 1 s on a busy 2-core machine; 18 s before, growing with the square of the quarters.
    expect(seconds).toBeLessThan(5);
  });

  it('applies none of the migrations that another Switchboard opening the file at the same time applied first', () => {
    const file = schema14Ledger('shared.db', 60_000);
    let told = 0;
    // The other one (the desktop app, say) upgrades the whole file between this open's first look at its version and its migrations.
    const db = openDatabase(file, { onLedgerUpgrade: () => (told++, openDatabase(file).close()) });
    expect(told).toBe(1);
    expect(schemaVersion(db)).toBe(migrations.length);
    expectTotalsMatchCalls(db);
    db.close();
  });

  it('says that another Switchboard is upgrading the file when it holds the file longer than an open waits', () => {
    const file = schema14Ledger('busy.db', 10);
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(() => openDatabase(file)).toThrow(
        expect.objectContaining({ code: 'conflict', message: `Another Switchboard is upgrading the usage ledger in ${file}; try again once it has started.` }),
      );
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });

  it('says nothing for a small ledger from before, nor for a new file', () => {
    const file = path.join(t.paths.home, 'small.db');
    fs.mkdirSync(t.paths.home, { recursive: true });
    const raw = new Database(file);
    for (const sql of migrations.slice(0, 14)) raw.exec(sql);
    raw.pragma('user_version = 14');
    raw.exec(`INSERT INTO usage_calls (ts, request_id, client, protocol_in, streamed, status, total_ms, price) VALUES (1, 'sb_1', 'claude', 'anthropic', 1, 200, 100, '{}')`);
    raw.close();
    const told: LedgerUpgrade[] = [];
    for (const name of ['small.db', 'new.db']) {
      const db = openDatabase(path.join(t.paths.home, name), { onLedgerUpgrade: (upgrade) => told.push(upgrade) });
      expect(schemaVersion(db)).toBe(migrations.length);
      db.close();
    }
    expect(told).toEqual([]);
  });

  it('says how many calls it upgrades and about how long it takes, in seconds or minutes', () => {
    expect(ledgerUpgradeSentence({ calls: 1_234_567, seconds: 24.6 })).toBe(
      'Upgrading the usage ledger (1,234,567 calls) for this version of Switchboard; this takes about 25 s, once (stopping it is safe).',
    );
    expect(ledgerUpgradeSentence({ calls: 9_000_000, seconds: 171 })).toMatch(/this takes about 3 min, once/);
  });
});
