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

  it('is not rebuilt by this connection\u2019s own writes, such as ledger rows', () => {
    const view = cachedUntilDbChanges(db, buildCount, 0);
    expect(view()).toBe(1);
    for (let i = 0; i < 5; i++) insertCall(db);
    expect(view()).toBe(1);
  });

  it('is rebuilt after another connection (the CLI, the other app) commits a change', () => {
    const view = cachedUntilDbChanges(db, buildCount, 0);
    expect(view()).toBe(1);
    other.prepare("INSERT INTO settings (key, value) VALUES ('allowedOrigins', '[]') ON CONFLICT(key) DO UPDATE SET value = excluded.value").run();
    expect(view()).toBe(2);
    expect(view()).toBe(2);
  });

  it('is rebuilt at once after invalidate(), and waits for the recheck interval otherwise', () => {
    const view = cachedUntilDbChanges(db, buildCount, 60_000);
    expect(view()).toBe(1);
    insertCall(other);
    expect(view()).toBe(1);
    view.invalidate();
    expect(view()).toBe(2);
  });
});
