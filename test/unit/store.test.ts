import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../electron/core/store/db';
import { createMemorySecretStore } from '../../electron/core/secrets/aesGcmStore';
import { BACKUPS_KEPT, createBackupRepo } from '../../electron/core/store/backups';
import { migrations } from '../../electron/core/store/migrations';
import { createPriceRepo } from '../../electron/core/store/prices';
import { createProviderRepo } from '../../electron/core/store/providers';
import { createUsageRepo } from '../../electron/core/store/usage';
import { roundPrice } from '../../electron/core/usage/cost';
import { backupReasonSentence } from '../../shared/backupReasonSentences';
import { callFailureSentence } from '../../shared/callFailureSentences';
import type { ToolClient } from '../../shared/schemas';
import { ledgerRow } from '../helpers/ledgerRow';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

/** The totals tables with their bucket column and its length. */
const TOTALS_BUCKETS = [
  ['usage_quarterly', 'quarter', 900_000],
  ['usage_hourly', 'hour', 3_600_000],
  ['usage_daily', 'day', 86_400_000],
] as const;

describe('store', () => {
  let t: TempEnv;
  beforeEach(() => {
    t = makeTempEnv();
  });
  afterEach(() => t.cleanup());

  /** A database file as a release that knew only the first `version` migrations left it, open without migrating. */
  const databaseAt = (name: string, version: number) => {
    const file = path.join(t.paths.home, name);
    fs.mkdirSync(t.paths.home, { recursive: true });
    const raw = new Database(file);
    for (const sql of migrations.slice(0, version)) raw.exec(sql);
    raw.pragma(`user_version = ${version}`);
    return { file, raw };
  };

  it('applies every numbered migration to a real file and records user_version', () => {
    const file = path.join(t.paths.home, 'test.db');
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(migrations.length);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all().map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(['providers', 'provider_keys', 'client_state', 'backups', 'settings', 'routes', 'local_tokens']));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('re-opening an up-to-date database changes nothing', () => {
    const file = path.join(t.paths.home, 'test.db');
    const db = openDatabase(file);
    db.prepare("INSERT INTO settings (key, value) VALUES ('a', '1')").run();
    db.close();
    const again = openDatabase(file);
    expect(again.prepare("SELECT value FROM settings WHERE key='a'").get()).toEqual({ value: '1' });
    again.close();
  });

  it('upgrades a database of the first release, keeping its routes and usage totals', () => {
    const { file, raw } = databaseAt('v1.db', 1);
    raw.prepare("INSERT INTO routes (client, chain, updated_at) VALUES ('chat', '[{\"providerId\":1}]', 0)").run();
    raw.prepare("INSERT INTO usage_hourly VALUES (10, 'chat', 'gw', 'm', 3, 1, 30, 20, 0, 0, 0, 0.5)").run();
    raw.close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.prepare("SELECT chain, options FROM routes WHERE client = 'chat'").get()).toEqual({ chain: '[{"providerId":1}]', options: '{}' });
    expect(db.prepare('SELECT calls, errors, cost_usd FROM usage_hourly WHERE hour = 10').get()).toEqual({ calls: 3, errors: 1, cost_usd: 0.5 });
    // Stored in key order now: such a table has no rowid.
    expect(() => db.prepare('SELECT rowid FROM usage_hourly').all()).toThrow(/no such column/);
    db.close();
  });

  it('upgrades a file so a new provider never gets an id a provider had, or one its kept breaker states name', () => {
    const { file, raw } = databaseAt('before-id-mark.db', 17);
    const addProvider = (db: Database.Database, name: string) =>
      Number(db.prepare("INSERT INTO providers (name, base_url, anthropic_url, protocols, created_at, updated_at) VALUES (?, 'u', 'a', '[]', 0, 0)").run(name).lastInsertRowid);
    for (const name of ['one', 'two', 'three']) addProvider(raw, name);
    raw.prepare("DELETE FROM providers WHERE name = 'three'").run();
    // A removed provider's breaker, kept by a release before this one.
    raw.prepare("INSERT INTO settings (key, value) VALUES ('proxy.breakers', ?)").run(JSON.stringify({ 4: { failures: 3, openUntil: 1, lastError: 'x' } }));
    raw.close();

    const db = openDatabase(file);
    const insert = createProviderRepo(db).insert;
    const next = (name: string) => insert({ name, baseUrl: 'u', anthropicUrl: 'a', protocols: ['chat'], models: [], preset: null, groupRatio: 1, outputLimits: {} }, [], 0);
    expect(next('four')).toBe(5);
    db.prepare("DELETE FROM providers WHERE name = 'four'").run();
    expect(next('five')).toBe(6);
    // An insert that names no id (SQLite's max(id) + 1) moves the mark too.
    expect(addProvider(db, 'older')).toBe(7);
    db.prepare("DELETE FROM providers WHERE name = 'older'").run();
    expect(next('six')).toBe(8);
    db.close();
  });

  it('upgrades prices and calls to keep 1-hour cache writes apart, leaving every earlier cost as it was', () => {
    const { file, raw } = databaseAt('before-one-hour-writes.db', 10);
    raw.prepare("INSERT INTO providers (id, name, base_url, anthropic_url, protocols, created_at, updated_at) VALUES (1, 'gw', 'u', 'a', '[]', 0, 0)").run();
    raw.prepare("INSERT INTO prices VALUES (1, 'm', 3, 15, 0.3, 3.75, 'gateway', 0)").run();
    raw.prepare(
      `INSERT INTO usage_calls (ts, request_id, client, provider, served_model, protocol_in, streamed, status, cache_write_tokens, total_ms, cost_usd, price)
       VALUES (1, 'earlier', 'claude', 'gw', 'm', 'anthropic', 0, 200, 1000, 10, 0.003750, '{"source":"gateway"}')`,
    ).run();
    raw.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.prepare("SELECT cache_write, cache_write_1h FROM prices WHERE model = 'm'").get()).toEqual({ cache_write: 3.75, cache_write_1h: null });
    expect(db.prepare("SELECT cache_write_tokens, cache_write_1h_tokens, cost_usd FROM usage_calls WHERE request_id = 'earlier'").get()).toEqual({ cache_write_tokens: 1000, cache_write_1h_tokens: 0, cost_usd: 0.00375 });
    db.close();
  });

  it('upgrades the ledger to mark calls without a price, and lets cache prices be unset', () => {
    // Up to the migration that marks calls without a price (the fifth).
    const { file, raw } = databaseAt('before-unpriced.db', 4);
    raw.prepare("INSERT INTO providers (id, name, base_url, anthropic_url, protocols, created_at, updated_at) VALUES (1, 'gw', 'u', 'a', '[]', 0, 0)").run();
    raw.prepare("INSERT INTO prices VALUES (1, 'm', 3, 15, 0.3, 3.75, 'gateway', 0)").run();
    const insertCall = raw.prepare(
      `INSERT INTO usage_calls (ts, request_id, client, provider, served_model, protocol_in, streamed, status, input_tokens, output_tokens, total_ms, cost_usd, price)
       VALUES (?, ?, 'chat', 'gw', 'm', 'chat', 0, ?, ?, ?, 10, ?, ?)`,
    );
    const hour = 20;
    insertCall.run(hour * 3_600_000 + 1, 'priced', 200, 100, 5, 0.01, '{"source":"gateway"}');
    insertCall.run(hour * 3_600_000 + 2, 'unpriced', 200, 100, 5, 0, '{"source":"none"}');
    // A refused call used no tokens: it cost nothing, price or not.
    insertCall.run(hour * 3_600_000 + 3, 'refused', 502, 0, 0, 0, '{"source":"none"}');
    raw.prepare("INSERT INTO usage_hourly VALUES (?, 'chat', 'gw', 'm', 3, 1, 200, 15, 0, 0, 0, 0.01)").run(hour);
    raw.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.prepare('SELECT request_id, unpriced FROM usage_calls ORDER BY ts').all()).toEqual([
      { request_id: 'priced', unpriced: 0 },
      { request_id: 'unpriced', unpriced: 1 },
      { request_id: 'refused', unpriced: 0 },
    ]);
    expect(db.prepare('SELECT calls, unpriced, cost_usd FROM usage_hourly WHERE hour = ?').get(hour)).toEqual({ calls: 3, unpriced: 1, cost_usd: 0.01 });
    expect(db.prepare("SELECT cache_read, cache_write FROM prices WHERE model = 'm'").get()).toEqual({ cache_read: 0.3, cache_write: 3.75 });
    db.prepare("INSERT INTO prices (provider_id, model, input, output, cache_read, cache_write, source, updated_at) VALUES (1, 'n', 1, 2, NULL, NULL, 'manual', 0)").run();
    expect(db.prepare("SELECT cache_read FROM prices WHERE model = 'n'").get()).toEqual({ cache_read: null });
    db.close();
  });

  it('upgrades the ledger with daily totals summed from the hourly ones already there', () => {
    // Up to the migration that adds daily totals (the sixth).
    const { file, raw } = databaseAt('before-daily.db', 5);
    const insertHour = raw.prepare('INSERT INTO usage_hourly VALUES (?, ?, ?, ?, ?, 0, ?, 5, 0, 0, 0, ?, ?)');
    // Two hours of day 100 for one model, one hour of day 101, and another client on day 100.
    insertHour.run(100 * 24 + 3, 'chat', 'gw', 'm', 2, 200, 0.5, 1);
    insertHour.run(100 * 24 + 23, 'chat', 'gw', 'm', 3, 300, 0.25, 0);
    insertHour.run(101 * 24, 'chat', 'gw', 'm', 1, 100, 1, 0);
    insertHour.run(100 * 24 + 3, 'codex', 'gw', 'm', 4, 400, 2, 0);
    raw.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.prepare('SELECT day, client, calls, input_tokens, output_tokens, cost_usd, unpriced FROM usage_daily ORDER BY day, client').all()).toEqual([
      { day: 100, client: 'chat', calls: 5, input_tokens: 500, output_tokens: 10, cost_usd: 0.75, unpriced: 1 },
      { day: 100, client: 'codex', calls: 4, input_tokens: 400, output_tokens: 5, cost_usd: 2, unpriced: 0 },
      { day: 101, client: 'chat', calls: 1, input_tokens: 100, output_tokens: 5, cost_usd: 1, unpriced: 0 },
    ]);
    db.close();
  });

  it("upgrades backups to know each file's original, where none was pruned yet, and keeps it from then on", () => {
    // Up to the migration that records originals (the seventh).
    const { file, raw } = databaseAt('before-originals.db', 6);
    const insert = raw.prepare('INSERT INTO backups (client, created_at, reason, files) VALUES (?, 0, ?, ?)');
    const files = (...paths: string[]) => JSON.stringify({ files: paths.map((p) => ({ path: p, existed: true, mode: 384, sealed: null })), state: null });
    // Claude: two backups, nothing pruned; the second is the first to hold .claude.json.
    insert.run('claude', 'first', files('/c/settings.json'));
    insert.run('claude', 'second', files('/c/settings.json', '/c/.claude.json'));
    // Codex: 20 backups, so older ones may have been pruned: none of these is known to be the original.
    for (let i = 0; i < 20; i++) insert.run('codex', `switch ${i}`, files('/x/config.toml'));
    raw.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(migrations.length);
    const backups = createBackupRepo(db, createMemorySecretStore(), () => 1);
    const originals = (client: ToolClient) => backups.list(client).flatMap((b) => b.files.filter((f) => f.original).map((f) => `${backupReasonSentence(b.reason)}: ${f.path}`));
    expect(originals('claude')).toEqual(['second: /c/.claude.json', 'first: /c/settings.json']);
    expect(originals('codex')).toEqual([]);

    for (let i = 0; i < BACKUPS_KEPT; i++) backups.create('claude', { code: 'restore', backupId: i }, [{ path: '/c/settings.json', text: '{}', mode: null }], null);
    backups.create('codex', { code: 'rotate_token' }, [{ path: '/x/config.toml', text: '', mode: null }, { path: '/x/auth.json', text: null, mode: null }], null);
    expect(originals('claude')).toEqual(['second: /c/.claude.json', 'first: /c/settings.json']);
    expect(backups.list('claude')).toHaveLength(BACKUPS_KEPT + 2);
    expect(originals('codex')).toEqual(['before rotating the local token: /x/auth.json']);
    expect(backups.list('codex')).toHaveLength(BACKUPS_KEPT);
    db.close();
  });

  it('upgrades the ledger with quarter-hour totals summed from its calls, counting errors and unpriced calls as the ledger does', () => {
    // Up to the migration that adds quarter-hour totals (the eighth).
    const { file, raw } = databaseAt('before-quarters.db', 7);
    const insert = raw.prepare(
      `INSERT INTO usage_calls (ts, request_id, client, provider, requested_model, served_model, protocol_in, streamed, status, error_class,
         input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, estimated, total_ms, cost_usd, unpriced, price)
       VALUES (?, ?, 'claude', ?, 'asked', ?, 'anthropic', 0, ?, ?, ?, 5, 1, 2, 0, 0, 100, ?, ?, '{}')`,
    );
    const quarter = 900_000;
    insert.run(10 * quarter, 'a', 'gw', 'served', 200, null, 100, 0.5, 0);
    insert.run(10 * quarter + 899_999, 'b', 'gw', 'served', 502, 'upstream', 7, 0, 0);
    insert.run(10 * quarter + 1_000, 'c', 'gw', 'served', 200, 'cancelled', 3, 0, 1);
    insert.run(11 * quarter, 'd', null, null, 401, 'auth', 0, 0, 0);
    raw.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.prepare('SELECT quarter, provider, model, calls, errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd, unpriced FROM usage_quarterly ORDER BY quarter').all()).toEqual([
      { quarter: 10, provider: 'gw', model: 'served', calls: 3, errors: 1, input_tokens: 110, output_tokens: 15, cache_read_tokens: 3, cache_write_tokens: 6, cost_usd: 0.5, unpriced: 1 },
      { quarter: 11, provider: '', model: 'asked', calls: 1, errors: 1, input_tokens: 0, output_tokens: 5, cache_read_tokens: 1, cache_write_tokens: 2, cost_usd: 0, unpriced: 0 },
    ]);
    db.close();
  });

  it('upgrades the totals to keep the 1-hour part of their cache writes, summed from the calls that kept any', () => {
    // Up to the migration that adds it to the totals (the fourteenth); calls kept it since the eleventh.
    const { file, raw } = databaseAt('before-one-hour-totals.db', 13);
    const insertCall = raw.prepare(
      `INSERT INTO usage_calls (ts, request_id, client, provider, requested_model, served_model, protocol_in, streamed, status,
         cache_write_tokens, cache_write_1h_tokens, total_ms, cost_usd, price)
       VALUES (?, ?, 'claude', 'gw', 'asked', ?, 'anthropic', 0, 200, ?, ?, 100, 0, '{}')`,
    );
    const day = 86_400_000;
    const calls = [
      [20 * day + 1_000, 'a', 'm', 1_000, 400],
      [20 * day + 2_000, 'b', 'm', 500, 100],
      [20 * day + 3_000, 'c', 'other', 700, 0],
      [21 * day + 3_600_000, 'd', 'm', 300, 50],
    ] as const;
    for (const call of calls) insertCall.run(...call);
    // The totals as the ledger kept them before, one row per bucket and model.
    for (const [table, bucket, ms] of TOTALS_BUCKETS) {
      raw.exec(
        `INSERT INTO ${table} (${bucket}, client, provider, model, calls, errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, unpriced)
         SELECT ts / ${ms}, client, provider, served_model, count(*), 0, 0, 0, 0, sum(cache_write_tokens), 0, 0, 0 FROM usage_calls GROUP BY 1, 2, 3, 4`,
      );
    }
    raw.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(migrations.length);
    for (const [table, bucket, ms] of TOTALS_BUCKETS) {
      const rows = db.prepare(`SELECT ${bucket} AS bucket, model, cache_write_tokens, cache_write_1h_tokens FROM ${table} ORDER BY 1, 2`).all();
      expect(rows, table).toEqual([
        { bucket: Math.floor((20 * day) / ms), model: 'm', cache_write_tokens: 1_500, cache_write_1h_tokens: 500 },
        { bucket: Math.floor((20 * day) / ms), model: 'other', cache_write_tokens: 700, cache_write_1h_tokens: 0 },
        { bucket: Math.floor((21 * day + 3_600_000) / ms), model: 'm', cache_write_tokens: 300, cache_write_1h_tokens: 50 },
      ]);
    }
    db.close();
  });

  it('upgrades the totals to keep the endpoint: each row split by its calls\u2019 endpoints, the rest under "", every total kept whole', () => {
    // Up to the migration that puts the endpoint in the totals' key (the fifteenth); calls kept it since the tenth.
    const { file, raw } = databaseAt('before-endpoint-totals.db', 14);
    const insertCall = raw.prepare(
      `INSERT INTO usage_calls (ts, request_id, client, provider, requested_model, served_model, endpoint, protocol_in, streamed, status, error_class,
         input_tokens, cache_write_1h_tokens, total_ms, cost_usd, unpriced, price)
       VALUES (?, ?, 'chat', 'gw', 'm', 'm', ?, 'chat', 0, ?, ?, ?, ?, 100, ?, ?, '{}')`,
    );
    const day = 86_400_000;
    insertCall.run(20 * day + 1_000, 'a', 'chat', 200, null, 100, 10, 0.25, 0);
    insertCall.run(20 * day + 2_000, 'b', 'chat', 502, 'upstream', 0, 0, 0, 0);
    insertCall.run(20 * day + 3_000, 'c', 'embeddings', 200, null, 40, 0, 0, 1);
    insertCall.run(20 * day + 4_000, 'd', null, 200, null, 7, 0, 0.5, 0);
    for (const [table, bucket, ms] of TOTALS_BUCKETS) {
      raw.exec(
        `INSERT INTO ${table} (${bucket}, client, provider, model, calls, errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
           cache_write_1h_tokens, reasoning_tokens, cost_usd, unpriced)
         SELECT ts / ${ms}, client, provider, served_model, count(*), sum(status >= 400), sum(input_tokens), 0, 0, 0, sum(cache_write_1h_tokens), 0,
           sum(cost_usd), sum(unpriced) FROM usage_calls GROUP BY 1, 2, 3, 4`,
      );
      // Totals whose calls are not in the ledger stay as they were, under no endpoint.
      raw.exec(`INSERT INTO ${table} (${bucket}, client, provider, model, calls, errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
           cache_write_1h_tokens, reasoning_tokens, cost_usd, unpriced) VALUES (${Math.floor((30 * day) / ms)}, 'codex', 'gw', 'm', 3, 1, 300, 30, 0, 0, 0, 0, 1.5, 0)`);
    }
    raw.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(migrations.length);
    for (const [table, bucket, ms] of TOTALS_BUCKETS) {
      const rows = db.prepare(`SELECT ${bucket} AS bucket, client, endpoint, calls, errors, input_tokens, cache_write_1h_tokens, cost_usd, unpriced FROM ${table} ORDER BY 1, 2, 3`).all();
      const at = (ts: number) => Math.floor(ts / ms);
      expect(rows, table).toEqual([
        { bucket: at(20 * day), client: 'chat', endpoint: '', calls: 1, errors: 0, input_tokens: 7, cache_write_1h_tokens: 0, cost_usd: 0.5, unpriced: 0 },
        { bucket: at(20 * day), client: 'chat', endpoint: 'chat', calls: 2, errors: 1, input_tokens: 100, cache_write_1h_tokens: 10, cost_usd: 0.25, unpriced: 0 },
        { bucket: at(20 * day), client: 'chat', endpoint: 'embeddings', calls: 1, errors: 0, input_tokens: 40, cache_write_1h_tokens: 0, cost_usd: 0, unpriced: 1 },
        { bucket: at(30 * day), client: 'codex', endpoint: '', calls: 3, errors: 1, input_tokens: 300, cache_write_1h_tokens: 0, cost_usd: 1.5, unpriced: 0 },
      ]);
    }
    // The ledger writes on into the rebuilt tables, a new call of a known endpoint beside the rows it split.
    createUsageRepo(db).insertMany([ledgerRow(20 * day + 5_000, { client: 'chat', provider: 'gw', servedModel: 'm', endpoint: 'chat', inputTokens: 1 })]);
    expect(db.prepare("SELECT calls, input_tokens FROM usage_daily WHERE client = 'chat' AND endpoint = 'chat'").get()).toEqual({ calls: 3, input_tokens: 101 });
    db.close();
  });

  it('upgrades prices an earlier price sync stored with float noise to read back clean, leaving prices set by hand alone', () => {
    const { file, raw } = databaseAt('noisy-prices.db', 8);
    raw.prepare("INSERT INTO providers (id, name, base_url, anthropic_url, protocols, created_at, updated_at) VALUES (1, 'gw', 'http://gw', 'http://gw', '[\"chat\"]', 0, 0)").run();
    const insert = raw.prepare('INSERT INTO prices (provider_id, model, input, output, cache_read, cache_write, source, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, 0)');
    // What 0.1 * 3 and friends made of gateway ratios before the sync rounded.
    insert.run('synced', 0.1 * 3, 0.1 * 3 * 6, 0.7 * 0.1, null, 'gateway');
    insert.run('typed', 0.1 + 0.2, 1.1 * 1.1, null, null, 'manual');
    raw.close();

    const db = openDatabase(file);
    const prices = createPriceRepo(db);
    expect(prices.get(1, 'synced')).toEqual({ input: 0.3, output: 1.8, cacheRead: 0.07, cacheWrite: null, cacheWrite1h: null, source: 'gateway' });
    expect(prices.get(1, 'synced')!.input).toBe(roundPrice(0.1 * 3));
    expect(prices.get(1, 'typed')).toMatchObject({ input: 0.1 + 0.2, output: 1.1 * 1.1 });
    db.close();
  });

  it("upgrades the ledger to keep each call's endpoint and which counts were estimated: earlier calls read as unknown endpoint, and estimated as a whole", () => {
    // Up to the migration that adds the endpoint (the tenth).
    const { file, raw } = databaseAt('before-endpoint.db', 9);
    const insert = raw.prepare(
      `INSERT INTO usage_calls (ts, request_id, client, provider, served_model, protocol_in, streamed, status, input_tokens, output_tokens, estimated, total_ms, cost_usd, price)
       VALUES (?, ?, 'chat', 'gw', 'm', 'chat', 0, 200, 10, 5, ?, 10, 0.1, '{}')`,
    );
    insert.run(1_000, 'reported', 0);
    insert.run(2_000, 'estimated', 1);
    raw.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(migrations.length);
    const repo = createUsageRepo(db);
    repo.insertMany([ledgerRow(3_000, { requestId: 'embedded', endpoint: 'embeddings', estimatedCounts: 'output' })]);
    const { rows } = repo.calls({ since: 0, outcome: 'all' }, 10, 0);
    expect(rows.map((r) => [r.requestId, r.endpoint, r.estimated, r.estimatedCounts])).toEqual([
      ['embedded', 'embeddings', true, 'output'],
      ['estimated', null, true, 'all'],
      ['reported', null, false, null],
    ]);
    expect(repo.calls({ since: 0, outcome: 'all', endpoint: 'embeddings' }, 10, 0).rows.map((r) => r.requestId)).toEqual(['embedded']);
    db.close();
  });

  it('upgrades backups to keep why each was taken as a code: earlier backups keep their English reason, later ones their code and its sentence', () => {
    // Up to the migration before the one that adds reason codes (the twelfth).
    const { file, raw } = databaseAt('before-reason-codes.db', 11);
    const files = JSON.stringify({ files: [{ path: '/c/settings.json', existed: true, mode: 384, sealed: null }], state: null });
    raw.prepare("INSERT INTO backups (client, created_at, reason, files) VALUES ('claude', 0, 'before using demo-gw (proxy)', ?)").run(files);
    raw.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(migrations.length);
    const backups = createBackupRepo(db, createMemorySecretStore(), () => 1);
    const later = backups.create('claude', { code: 'use', provider: 'gw2', mode: 'direct' }, [{ path: '/c/settings.json', text: '{}', mode: null }], null);
    expect(backups.list('claude').map((b) => b.reason)).toEqual([{ code: 'use', provider: 'gw2', mode: 'direct' }, 'before using demo-gw (proxy)']);
    expect(backups.get('claude', later)!.reason).toEqual({ code: 'use', provider: 'gw2', mode: 'direct' });
    // A release before the codes reads the reason column: it still holds the English sentence.
    expect(db.prepare('SELECT reason FROM backups WHERE id = ?').get(later)).toEqual({ reason: 'before using gw2 (direct)' });
    db.close();
  });

  it('upgrades the ledger to keep a failed call\u2019s sentence as a code: earlier calls keep their English sentence, later ones their code and its sentence', () => {
    // Up to the migration before the one that adds failure codes (the thirteenth).
    const { file, raw } = databaseAt('before-failure-codes.db', 12);
    raw.prepare(
      `INSERT INTO usage_calls (ts, request_id, client, provider, protocol_in, streamed, status, error_class, error_message, total_ms, cost_usd, price)
       VALUES (1, 'earlier', 'chat', 'gw', 'chat', 0, 502, 'connection', 'gw could not be reached (ECONNREFUSED)', 10, 0, '{"source":"none"}')`,
    ).run();
    raw.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(migrations.length);
    const repo = createUsageRepo(db);
    const failure = { code: 'answer_incomplete', provider: 'gw', mishap: { code: 'sent_error', words: 'Overloaded' } } as const;
    const sentence = callFailureSentence(failure);
    repo.insertMany([ledgerRow(2, { requestId: 'later', status: 200, errorClass: 'stream_error', errorMessage: sentence, failure })]);
    const { rows } = repo.calls({ since: 0, outcome: 'all' }, 10, 0);
    expect(rows.map(({ requestId, errorMessage, failure }) => ({ requestId, errorMessage, failure }))).toEqual([
      { requestId: 'later', errorMessage: sentence, failure },
      { requestId: 'earlier', errorMessage: 'gw could not be reached (ECONNREFUSED)', failure: null },
    ]);
    // A release before the codes reads error_message: it still holds the English sentence.
    expect(db.prepare("SELECT error_message, error_code, error_figures FROM usage_calls WHERE request_id = 'later'").get()).toEqual({
      error_message: 'gw broke off its answer (it sent an error: Overloaded); the answer is incomplete: ask again',
      error_code: 'answer_incomplete',
      error_figures: JSON.stringify({ provider: 'gw', mishap: failure.mishap }),
    });
    db.close();
  });

  it('refuses a database written by a newer version', () => {
    const file = path.join(t.paths.home, 'future.db');
    fs.mkdirSync(t.paths.home, { recursive: true });
    const raw = new Database(file);
    raw.pragma(`user_version = ${migrations.length + 5}`);
    expect(() => migrate(raw)).toThrow(/newer Switchboard/);
    raw.close();
  });

  it('cascades provider keys when a provider is removed', () => {
    const db = openDatabase(path.join(t.paths.home, 'fk.db'));
    const id = db.prepare("INSERT INTO providers (name, base_url, anthropic_url, protocols, created_at, updated_at) VALUES ('p','u','a','[]',0,0)").run().lastInsertRowid;
    db.prepare("INSERT INTO provider_keys (provider_id, position, sealed, hint, created_at) VALUES (?, 0, 's', 'h', 0)").run(id);
    db.prepare('DELETE FROM providers WHERE id = ?').run(id);
    expect(db.prepare('SELECT count(*) AS n FROM provider_keys').get()).toEqual({ n: 0 });
    db.close();
  });
});
