import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../electron/core/store/db';
import { cachedUntilDbChanges } from '../../electron/core/store/cachedView';

describe('a view cached until the database changes', () => {
  let dir: string;
  let db: Db;
  let other: Db;
  let builds: number;
  const buildCount = () => ++builds;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-view-'));
    db = openDatabase(path.join(dir, 'switchboard.db'));
    other = openDatabase(path.join(dir, 'switchboard.db'));
    builds = 0;
  });
  afterEach(() => {
    db.close();
    other.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const insertCall = (conn: Db) =>
    conn
      .prepare("INSERT INTO usage_calls (ts, request_id, client, protocol_in, streamed, status, total_ms, price) VALUES (?, 'sb-1', 'chat', 'chat', 0, 200, 1, '{}')")
      .run(Date.now());

  const setSetting = (conn: Db, key: string, value: string) =>
    conn.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);

  it('is not rebuilt by ledger rows from any connection (the ledger writes from a thread of its own), nor by the breakers\u2019 states', () => {
    const view = cachedUntilDbChanges(db, buildCount, 0);
    expect(view()).toBe(1);
    for (let i = 0; i < 5; i++) {
      insertCall(db);
      insertCall(other);
      setSetting(db, 'proxy.breakers', `{"gw":{"failures":${i}}}`);
      setSetting(other, 'proxy.breakers', `{"gw":{"failures":${i + 1}}}`);
    }
    other.prepare("DELETE FROM settings WHERE key = 'proxy.breakers'").run();
    expect(view()).toBe(1);
  });

  it('is rebuilt after a change to a table outside the ledger, through another connection (the CLI, the other app) or this one', () => {
    const view = cachedUntilDbChanges(db, buildCount, 0);
    expect(view()).toBe(1);
    setSetting(other, 'proxy.allowedOrigins', '[]');
    expect(view()).toBe(2);
    expect(view()).toBe(2);
    db.prepare("INSERT INTO providers (name, base_url, anthropic_url, protocols, created_at, updated_at) VALUES ('gw', 'http://127.0.0.1:1', 'http://127.0.0.1:1', '[]', 0, 0)").run();
    expect(view()).toBe(3);
    other.prepare("DELETE FROM providers WHERE name = 'gw'").run();
    expect(view()).toBe(4);
  });

  it('is rebuilt at once after invalidate(), and waits for the recheck interval otherwise', () => {
    const view = cachedUntilDbChanges(db, buildCount, 60_000);
    expect(view()).toBe(1);
    setSetting(other, 'proxy.allowedOrigins', '[]');
    expect(view()).toBe(1);
    view.invalidate();
    expect(view()).toBe(2);
  });

  it('counts changes to every table outside the ledger: each has its insert, update and delete triggers', () => {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'usage\\_%' ESCAPE '\\' AND name <> 'config_stamp'").pluck().all() as string[];
    const triggers = db.prepare("SELECT tbl_name AS tableName, name FROM sqlite_master WHERE type = 'trigger'").all() as { tableName: string; name: string }[];
    expect(tables.length).toBeGreaterThan(10);
    for (const table of tables) {
      expect(triggers.filter((t) => t.tableName === table).map((t) => t.name).sort(), table).toEqual(['delete', 'insert', 'update'].map((event) => `${table}_stamp_${event}`));
    }
    expect(triggers.filter((t) => t.tableName.startsWith('usage_'))).toEqual([]);
  });
});
