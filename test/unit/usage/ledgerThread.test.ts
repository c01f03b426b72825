import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_BUNDLE_DIR, LEDGER_THREAD_FILE } from '../../../scripts/bundleCli.mjs';
import { openDatabase, type Db } from '../../../electron/core/store/db';
import { createUsageRepo } from '../../../electron/core/store/usage';
import { createUsageLedger, type UsageLedger } from '../../../electron/core/usage/ledger';
import { ledgerRow } from '../../helpers/ledgerRow';

// The thread the servers start, as built for them (the tests' global setup bundles dist/cli).
const SCRIPT = path.join(CLI_BUNDLE_DIR, LEDGER_THREAD_FILE);
const dirs: string[] = [];
const open: { db: Db; ledger: UsageLedger }[] = [];

function setUp(thread: { script?: string; file?: string } = {}, flushMs = 60_000) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-ledger-thread-'));
  dirs.push(dir);
  const file = path.join(dir, 'switchboard.db');
  const db = openDatabase(file);
  const repo = createUsageRepo(db);
  const errors: string[] = [];
  const ledger = createUsageLedger(repo, { flushMs, onError: (err) => errors.push((err as Error).message), thread: { script: thread.script ?? SCRIPT, file: thread.file ?? file } });
  open.push({ db, ledger });
  /** Rows this connection wrote itself since it was set up (SQLite counts per connection; the migrations count too). */
  const changesHere = () => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  const migrated = changesHere();
  const writtenHere = () => changesHere() - migrated;
  const calls = () => repo.summary(0, 'provider').reduce((n, g) => n + g.calls, 0);
  return { dir, file, db, repo, ledger, errors, writtenHere, calls };
}

afterEach(() => {
  for (const { db, ledger } of open.splice(0)) {
    ledger.close();
    db.close();
  }
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('the usage ledger written on a worker thread', () => {
  it('writes on its own connection, and a flush returns once every row recorded is in the file, whole', () => {
    const { ledger, db, writtenHere, calls, errors } = setUp();
    const failed = ledgerRow(Date.now() - 1000, {
      status: 502, errorClass: 'server', failedProviders: ['a', 'b'], costUsd: null,
      failure: { code: 'answer_incomplete', provider: 'b', mishap: { code: 'unreachable', reason: 'ECONNREFUSED' } }, errorMessage: 'b could not be reached (ECONNREFUSED).', cacheWrite1hTokens: 7,
    });
    const rows = [failed, ...Array.from({ length: 40 }, (_, i) => ledgerRow(Date.now() - i, { requestId: `sb_t${i}`, inputTokens: i }))];
    for (const row of rows) ledger.record(row);
    ledger.flush();
    expect(ledger.writesOnThread()).toBe(true);
    expect(calls()).toBe(41);
    expect(writtenHere()).toBe(0);
    const stored = db.prepare('SELECT status, failed_providers, error_message, error_code, error_figures, cost_usd, unpriced, cache_write_1h_tokens FROM usage_calls WHERE request_id = ?').get(failed.requestId);
    expect(stored).toEqual({
      status: 502, failed_providers: '["a","b"]', error_message: 'b could not be reached (ECONNREFUSED).', error_code: 'answer_incomplete',
      error_figures: '{"provider":"b","mishap":{"code":"unreachable","reason":"ECONNREFUSED"}}', cost_usd: 0, unpriced: 1, cache_write_1h_tokens: 7,
    });
    expect(errors).toEqual([]);
  });

  it('hands a full batch over at once, without waiting for the timer', async () => {
    const { ledger, calls, writtenHere } = setUp();
    for (let i = 0; i < 500; i++) ledger.record(ledgerRow(Date.now() - i, { requestId: `sb_b${i}` }));
    expect(ledger.pendingCount()).toBe(0);
    // Nothing on this side waits: the thread writes while this test polls the file.
    for (let tries = 0; calls() < 500 && tries < 200; tries++) await new Promise((done) => setTimeout(done, 25));
    expect(calls()).toBe(500);
    expect(writtenHere()).toBe(0);
  });

  it('on close, writes the rows still pending and ends the thread', () => {
    const { ledger, calls, writtenHere } = setUp();
    ledger.record(ledgerRow(Date.now() - 5));
    ledger.flush();
    ledger.record(ledgerRow(Date.now() - 4, { requestId: 'sb_last' }));
    ledger.close();
    expect(ledger.writesOnThread()).toBe(false);
    expect(calls()).toBe(2);
    expect(writtenHere()).toBe(0);
  });

  it('keeps rows the thread could not write while the database was locked, and writes them on the next flush', () => {
    const { ledger, db, calls, errors } = setUp();
    ledger.record(ledgerRow(Date.now() - 3));
    ledger.flush();
    db.exec('BEGIN IMMEDIATE');
    ledger.record(ledgerRow(Date.now() - 2, { requestId: 'sb_locked' }));
    // The thread waits out its busy timeout (5 s), then gives the row back.
    ledger.flush();
    expect(ledger.pendingCount()).toBe(1);
    expect(errors).toEqual(['database is locked']);
    db.exec('COMMIT');
    ledger.flush();
    expect(calls()).toBe(2);
    expect(ledger.writesOnThread()).toBe(true);
  }, 20_000);

  it('starts without the process\u2019s own flags, and does not keep the process from exiting once it is idle', () => {
    const { file, calls } = setUp();
    const root = path.resolve(import.meta.dirname, '../../..');
    const program = `
      import { openDatabase } from ${JSON.stringify(path.join(root, 'electron/core/store/db.ts'))};
      import { createUsageRepo } from ${JSON.stringify(path.join(root, 'electron/core/store/usage.ts'))};
      import { createUsageLedger } from ${JSON.stringify(path.join(root, 'electron/core/usage/ledger.ts'))};
      import { ledgerRow } from ${JSON.stringify(path.join(root, 'test/helpers/ledgerRow.ts'))};
      const ledger = createUsageLedger(createUsageRepo(openDatabase(${JSON.stringify(file)})), { thread: { script: ${JSON.stringify(SCRIPT)}, file: ${JSON.stringify(file)} } });
      ledger.record(ledgerRow(Date.now()));
      ledger.flush();
      console.log(ledger.writesOnThread() ? 'written on the thread' : 'written here');`;
    // --input-type, which a thread cannot take, stands for any flag of the process's own.
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', program], { cwd: root, encoding: 'utf8', timeout: 15_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('written on the thread');
    expect(run.signal).toBeNull();
    expect(run.status).toBe(0);
    expect(calls()).toBe(1);
  });

  it('writes on this thread, saying why, when the thread cannot start or cannot open the database', () => {
    const missing = setUp({ script: path.join(os.tmpdir(), 'no-such-ledger-thread.cjs') });
    missing.ledger.record(ledgerRow(Date.now() - 1));
    missing.ledger.flush();
    expect(missing.calls()).toBe(1);
    expect(missing.writtenHere()).toBeGreaterThan(0);
    expect(missing.errors).toEqual([expect.stringMatching(/^The usage ledger's writer thread is missing \(.*no-such-ledger-thread\.cjs\); its rows are written on the main thread\.$/)]);

    const notAFile = setUp();
    const blocked = path.join(notAFile.dir, 'a-file');
    fs.writeFileSync(blocked, '');
    const broken = setUp({ file: path.join(blocked, 'switchboard.db') });
    broken.ledger.record(ledgerRow(Date.now() - 1));
    broken.ledger.flush();
    expect(broken.ledger.writesOnThread()).toBe(false);
    expect(broken.calls()).toBe(1);
    expect(broken.errors).toEqual([expect.stringMatching(/^The usage ledger's writer thread could not open the database: /)]);
  });
});
