import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { databaseFile } from '../../electron/core/paths';
import { openDatabase, schemaVersion } from '../../electron/core/store/db';
import { migrations } from '../../electron/core/store/migrations';
import type { CallEndpoint } from '../../shared/callEndpoint';
import { freePort } from '../helpers/freePort';
import { ledgerRow } from '../helpers/ledgerRow';
import { runSwitchboard } from '../helpers/runCli';
import { SCHEMA_BEFORE_LEDGER_UPGRADE, writeLedger, writeSchema14Ledger } from '../helpers/schema14Ledger';
import { startServeProcess } from '../helpers/serveProcess';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

const BIN = path.resolve(import.meta.dirname, '../../bin/switchboard.cjs');
/** Enough calls that the upgrade from schema 14 takes seconds here, and so is said. */
const CALLS = 120_000;
const SPAN_MS = 30 * 86_400_000;
const ENDPOINTS: CallEndpoint[] = ['messages', 'responses', 'chat', 'embeddings'];
/** The write-ahead log past this size: a migration is writing pages of the file. */
const WRITING_BYTES = 256 * 1024;
const NOTICE = /^Upgrading the usage ledger \(120,000 calls\) for this version of Switchboard; this takes about \d+ s, once \(stopping it is safe\)\.$/m;

const TOTALS_TABLES = ['usage_quarterly', 'usage_hourly', 'usage_daily'];

/** The file's version and health, its calls per endpoint, and each totals table's calls and input tokens (per endpoint from 15 on). */
function ledgerFigures(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const version = schemaVersion(db);
    const endpoint = version > SCHEMA_BEFORE_LEDGER_UPGRADE ? 'endpoint' : "'all'";
    return {
      version,
      integrity: db.pragma('integrity_check', { simple: true }),
      calls: db.prepare('SELECT endpoint, count(*) AS calls, sum(input_tokens) AS input FROM usage_calls GROUP BY 1 ORDER BY 1').all(),
      totals: TOTALS_TABLES.map((table) => db.prepare(`SELECT ${endpoint} AS endpoint, sum(calls) AS calls, sum(input_tokens) AS input FROM ${table} GROUP BY 1 ORDER BY 1`).all()),
    };
  } finally {
    db.close();
  }
}

describe('upgrading a big ledger from the command line', () => {
  let sourceDir: string;
  let source: string;
  let t: TempEnv;
  let ledger: string;
  beforeAll(() => {
    sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-ledger-'));
    source = path.join(sourceDir, 'source.db');
    const now = Date.now();
    const records = Array.from({ length: CALLS }, (_, i) =>
      ledgerRow(now - SPAN_MS + Math.floor((i / CALLS) * SPAN_MS), {
        requestId: `sb_${i}`,
        client: i % 2 ? 'codex' : 'claude',
        servedModel: `m${i % 6}`,
        endpoint: ENDPOINTS[i % ENDPOINTS.length],
        inputTokens: 100 + (i % 900),
        status: i % 50 === 0 ? 502 : 200,
        errorClass: i % 50 === 0 ? 'connection' : null,
      }),
    );
    writeLedger(source, records);
  });
  afterAll(() => fs.rmSync(sourceDir, { recursive: true, force: true }));
  beforeEach(() => {
    t = makeTempEnv();
    ledger = databaseFile(t.paths.home);
    fs.mkdirSync(t.paths.home, { recursive: true });
    writeSchema14Ledger(ledger, source);
  });
  afterEach(() => t.cleanup());

  it('says the upgrade on stderr before it runs, once, and answers from the upgraded ledger', async () => {
    const first = await runSwitchboard(['usage', '--since', '60d', '--by', 'endpoint', '--json'], t.env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(NOTICE);
    expect(first.stderr.trim().split('\n')).toHaveLength(1);
    const groups = (JSON.parse(first.stdout) as { groups: { key: string; calls: number }[] }).groups;
    expect(Object.fromEntries(groups.map((g) => [g.key, g.calls]))).toEqual(Object.fromEntries(ENDPOINTS.map((e) => [e, CALLS / ENDPOINTS.length])));
    const again = await runSwitchboard(['status'], t.env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/Upgrading/);
  });

  it('serve says it before it starts serving', async () => {
    const served = await startServeProcess(t.env, await freePort());
    try {
      const output = served.output();
      expect(output).toMatch(NOTICE);
      expect(output.search(NOTICE)).toBeLessThan(output.indexOf('is serving on'));
    } finally {
      await served.stop();
    }
  });

  it('killed part-way, leaves the ledger at the last whole migration with every call, and the next start finishes it', async () => {
    const before = ledgerFigures(ledger);
    expect(before.version).toBe(SCHEMA_BEFORE_LEDGER_UPGRADE);
    const child = spawn(process.execPath, [BIN, 'status'], { env: t.env, stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (NOTICE.test(stderr)) resolve();
      });
      void exited.then(() => reject(new Error(`switchboard status exited before saying the upgrade:\n${stderr}`)));
    });
    // Killed once the upgrade writes to the file (its write-ahead log grows), not while it only reads the calls.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if ((fs.statSync(`${ledger}-wal`, { throwIfNoEntry: false })?.size ?? 0) < WRITING_BYTES) return;
        clearInterval(poll);
        resolve();
      }, 5);
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const killed = ledgerFigures(ledger);
    // Stopped mid-upgrade, not after it: the file is at a whole migration short of the last.
    expect(killed.version).toBeGreaterThanOrEqual(SCHEMA_BEFORE_LEDGER_UPGRADE);
    expect(killed.version).toBeLessThan(migrations.length);
    expect(killed.integrity).toBe('ok');
    expect(killed.calls).toEqual(before.calls);
    if (killed.version === SCHEMA_BEFORE_LEDGER_UPGRADE) expect(killed.totals).toEqual(before.totals);

    openDatabase(ledger).close();
    const finished = ledgerFigures(ledger);
    expect(finished.version).toBe(migrations.length);
    expect(finished.integrity).toBe('ok');
    expect(finished.calls).toEqual(before.calls);
    for (const totals of finished.totals) expect(totals).toEqual(before.calls);
  });
});
