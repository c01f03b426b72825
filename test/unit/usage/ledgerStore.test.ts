import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/store/db';
import { callOutcomeOf } from '../../../shared/callOutcome';
import { createUsageRepo, type UsageRecord } from '../../../electron/core/store/usage';
import { createUsageLedger } from '../../../electron/core/usage/ledger';
import { createUsageService } from '../../../electron/core/usage/service';
import { ledgerRow as row } from '../../helpers/ledgerRow';
import { inTimeZone } from '../../helpers/timeZone';

const HOUR = 3_600_000;
const dirs: string[] = [];
function freshDb() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-ledger-'));
  dirs.push(dir);
  return { file: path.join(dir, 'switchboard.db'), db: openDatabase(path.join(dir, 'switchboard.db')) };
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('usage ledger store', () => {
  it('answers exactly from a window that starts mid-hour (hourly totals plus the rows of the partial hour)', () => {
    const { db } = freshDb();
    const repo = createUsageRepo(db);
    const base = Math.floor(Date.now() / HOUR) * HOUR - 5 * HOUR;
    repo.insertMany([row(base + 10_000), row(base + 40 * 60_000), row(base + HOUR + 1), row(base + 2 * HOUR + 5, { provider: 'other', status: 502, errorClass: 'server', costUsd: 0 })]);
    repo.insertMany([row(base + HOUR + 2, { servedModel: 'm2' })]);
    const since = base + 30 * 60_000;
    const byProvider = repo.summary(since, 'provider');
    expect(byProvider).toEqual([
      expect.objectContaining({ key: 'gw', calls: 3, errors: 0, costUsd: 1.5, inputTokens: 30 }),
      expect.objectContaining({ key: 'other', calls: 1, errors: 1 }),
    ]);
    expect(repo.summary(since, 'model').map((g) => [g.key, g.calls])).toEqual([['m1', 3], ['m2', 1]]);
    expect(repo.summary(since, 'day').reduce((n, g) => n + g.calls, 0)).toBe(4);
    const hours = repo.timeseries(base, 'hour', 'provider');
    expect(hours.map((h) => [h.key, h.calls])).toEqual([['gw', 2], ['gw', 2], ['other', 1]]);
    expect(new Set(hours.map((h) => h.bucket)).size).toBe(3);
  });

  it('answers a window of several days exactly: whole days, the whole hours before them and the partial first hour', () => {
    const { db } = freshDb();
    const repo = createUsageRepo(db);
    const DAY = 24 * HOUR;
    const today = Math.floor(Date.now() / DAY) * DAY;
    // Calls every 37 minutes over four days, spread across models, providers, clients and outcomes.
    const records: UsageRecord[] = [];
    for (let at = today - 4 * DAY + 17 * 60_000; at < Date.now(); at += 37 * 60_000) {
      const n = records.length;
      records.push(row(at, { servedModel: `m${n % 3}`, provider: `gw${n % 2}`, client: n % 5 ? 'claude' : 'codex', inputTokens: n, costUsd: n % 7 ? n / 100 : null, status: n % 11 ? 200 : 502, errorClass: n % 11 ? null : 'server' }));
    }
    repo.insertMany(records.slice(0, 100));
    repo.insertMany(records.slice(100));
    // Starts mid-hour on the afternoon of the first day.
    const since = today - 4 * DAY + 13 * HOUR + 20 * 60_000;
    const inWindow = records.filter((r) => r.ts >= since);
    const expected = (keyOf: (r: UsageRecord) => string) => {
      const totals = new Map<string, { calls: number; errors: number; inputTokens: number; unpricedCalls: number }>();
      for (const r of inWindow) {
        const t = totals.get(keyOf(r)) ?? { calls: 0, errors: 0, inputTokens: 0, unpricedCalls: 0 };
        totals.set(keyOf(r), { calls: t.calls + 1, errors: t.errors + (r.status >= 400 ? 1 : 0), inputTokens: t.inputTokens + r.inputTokens, unpricedCalls: t.unpricedCalls + (r.costUsd === null ? 1 : 0) });
      }
      return [...totals].map(([key, t]) => ({ key, ...t })).sort((a, b) => a.key.localeCompare(b.key));
    };
    const answered = (by: 'model' | 'provider' | 'client') =>
      repo.summary(since, by).map(({ key, calls, errors, inputTokens, unpricedCalls }) => ({ key, calls, errors, inputTokens, unpricedCalls })).sort((a, b) => a.key.localeCompare(b.key));
    expect(answered('model')).toEqual(expected((r) => r.servedModel!));
    expect(answered('provider')).toEqual(expected((r) => r.provider!));
    expect(answered('client')).toEqual(expected((r) => r.client));
    const cost = repo.summary(since, 'model').reduce((n, g) => n + g.costUsd, 0);
    expect(cost).toBeCloseTo(inWindow.reduce((n, r) => n + (r.costUsd ?? 0), 0), 9);
    expect(repo.summary(since, 'day').reduce((n, g) => n + g.calls, 0)).toBe(inWindow.length);
  });

  it('narrows totals, day totals and latency by provider, client and model in every part of a window', () => {
    const { db } = freshDb();
    const repo = createUsageRepo(db);
    const DAY = 24 * HOUR;
    const today = Math.floor(Date.now() / DAY) * DAY;
    // Calls every 41 minutes over three days: whole days, whole hours and the partial first hour all hold some.
    const records: UsageRecord[] = [];
    for (let at = today - 3 * DAY + 7 * 60_000; at < Date.now(); at += 41 * 60_000) {
      const n = records.length;
      records.push(row(at, { servedModel: `m${n % 3}`, provider: n % 2 ? 'other' : 'gw', client: n % 5 ? 'claude' : 'codex', inputTokens: n, totalMs: n % 2 ? 900 : 100 }));
    }
    repo.insertMany(records);
    const since = today - 3 * DAY + 9 * HOUR + 20 * 60_000;
    const inWindow = records.filter((r) => r.ts >= since);
    const filter = { provider: 'other', client: 'claude', model: 'm1' };
    const matching = inWindow.filter((r) => r.provider === 'other' && r.client === 'claude' && r.servedModel === 'm1');
    expect(matching.length).toBeGreaterThan(3);
    const sum = (groups: { calls: number; inputTokens: number }[]) => groups.reduce((t, g) => ({ calls: t.calls + g.calls, inputTokens: t.inputTokens + g.inputTokens }), { calls: 0, inputTokens: 0 });
    const expected = sum(matching.map((r) => ({ calls: 1, inputTokens: r.inputTokens })));
    for (const by of ['model', 'provider', 'client', 'day'] as const) expect(sum(repo.summary(since, by, filter))).toEqual(expected);
    expect(repo.summary(since, 'provider', { provider: 'other' }).map((g) => [g.key, g.calls])).toEqual([['other', inWindow.filter((r) => r.provider === 'other').length]]);
    expect(repo.summary(since, 'model', { provider: 'nosuch' })).toEqual([]);
    const latency = repo.latencyRows(since, filter);
    expect(latency).toHaveLength(matching.length);
    expect(new Set(latency.map((r) => `${r.provider} ${r.total_ms}`))).toEqual(new Set(['other 900']));
  });

  it('a cancelled call is neither an error nor a success, in hourly totals, the partial hour, latency and the filters', () => {
    const { db } = freshDb();
    const repo = createUsageRepo(db);
    const base = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
    const cancelled = { status: 499, errorClass: 'cancelled', errorMessage: 'The client closed the connection.', costUsd: 0, totalMs: 30_000 };
    const midStream = { status: 200, errorClass: 'stream_error', errorMessage: 'upstream fell over' };
    // One of each in the partial first hour (read from rows) and in a whole hour (read from the hourly totals).
    for (const at of [base + 40 * 60_000, base + HOUR + 1]) {
      repo.insertMany([row(at), row(at + 1, cancelled), row(at + 2, midStream)]);
    }
    const since = base + 30 * 60_000;
    expect(repo.summary(since, 'provider')).toEqual([expect.objectContaining({ key: 'gw', calls: 6, errors: 2 })]);
    expect(repo.timeseries(since, 'day').reduce((n, g) => n + g.errors, 0)).toBe(2);
    const page = (outcome: 'ok' | 'error' | 'cancelled') => repo.calls({ since, outcome }, 100, 0).rows;
    expect(page('error').map((r) => [r.errorClass, r.errorMessage])).toEqual([['stream_error', 'upstream fell over'], ['stream_error', 'upstream fell over']]);
    expect(page('cancelled').map((r) => r.status)).toEqual([499, 499]);
    expect(page('ok')).toHaveLength(2);
    // Latency is the provider's: the cancelled calls' 30 s (the client's patience) are left out.
    expect(repo.latencyRows(since).map((r) => r.total_ms)).not.toContain(30_000);
    expect(repo.latencyRows(since)).toHaveLength(4);
  });

  it('keeps calls without a price apart: no cost on the row, counted per group instead of priced at $0', () => {
    const { db } = freshDb();
    const repo = createUsageRepo(db);
    const base = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
    repo.insertMany([row(base + 1, { costUsd: 0.25 }), row(base + 2, { costUsd: null }), row(base + HOUR + 3, { costUsd: null, servedModel: 'm2' })]);
    // The part of the first hour comes from the rows, the rest from the hourly totals: both must count.
    const byModel = repo.summary(base + 1, 'model');
    expect(byModel).toEqual([
      expect.objectContaining({ key: 'm1', calls: 2, costUsd: 0.25, unpricedCalls: 1 }),
      expect.objectContaining({ key: 'm2', calls: 1, costUsd: 0, unpricedCalls: 1 }),
    ]);
    expect(repo.timeseries(base, 'day').reduce((n, d) => n + d.unpricedCalls, 0)).toBe(2);
    const { rows } = repo.calls({ since: base, outcome: 'all' }, 10, 0);
    expect(rows.map((r) => r.costUsd)).toEqual([null, null, 0.25]);
  });

  it('batches writes off the request path and loses nothing on a clean close', () => {
    const { file, db } = freshDb();
    const ledger = createUsageLedger(createUsageRepo(db), { flushMs: 60_000, maxBatch: 100 });
    for (let i = 0; i < 250; i++) ledger.record(row(Date.now() - i));
    // Two full batches are written at once; the rest wait for the timer or the close.
    expect(ledger.pendingCount()).toBe(50);
    ledger.close();
    db.close();
    const reopened = openDatabase(file);
    expect((reopened.prepare('SELECT count(*) AS n FROM usage_calls').get() as { n: number }).n).toBe(250);
    expect((reopened.prepare('SELECT sum(calls) AS n FROM usage_hourly').get() as { n: number }).n).toBe(250);
    reopened.close();
  });

  it('filters and pages the calls list newest first', () => {
    const { db } = freshDb();
    const repo = createUsageRepo(db);
    const now = Date.now();
    repo.insertMany([row(now - 3000, { client: 'codex' }), row(now - 2000, { status: 429, errorClass: 'rate_limit' }), row(now - 1000)]);
    expect(repo.calls({ since: now - 10_000, outcome: 'error' }, 10, 0).rows.map((r) => r.errorClass)).toEqual(['rate_limit']);
    expect(repo.calls({ since: now - 10_000, client: 'codex', outcome: 'all' }, 10, 0).total).toBe(1);
    const page = repo.calls({ since: now - 10_000, outcome: 'all' }, 2, 1);
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.ts)).toEqual([now - 2000, now - 3000]);
  });

  it('reads the calls that ended since a time, whenever they started', () => {
    const { db } = freshDb();
    const repo = createUsageRepo(db);
    const now = Date.now();
    // Started before the bound: one ended after it (a long stream), one before it.
    repo.insertMany([row(now - 300_000, { totalMs: 250_000, requestId: 'long' }), row(now - 300_000, { totalMs: 1_000, requestId: 'short' }), row(now - 10_000, { requestId: 'recent' })]);
    const filter = { since: now - 3_600_000, endedSince: now - 60_000, outcome: 'all' as const };
    expect(repo.calls(filter, 10, 0).rows.map((r) => r.requestId)).toEqual(['recent', 'long']);
  });

  it("reads a provider's latest call figures as the calls list has them, and counts the calls only past the limit", () => {
    const { db } = freshDb();
    const repo = createUsageRepo(db);
    const now = Date.now();
    repo.insertMany([
      row(now - 4000, { requestId: 'estimated', estimatedCounts: 'output', upstreamRequestId: 'up-1', cacheReadTokens: 7 }),
      row(now - 3000, { requestId: 'unpriced', costUsd: null, servedModel: null }),
      row(now - 2500, { requestId: 'elsewhere', provider: 'other' }),
      row(now - 2000, { requestId: 'broke off', errorClass: 'upstream_error' }),
      row(now - 1000, { requestId: 'cancelled', errorClass: 'cancelled', status: 499 }),
    ]);
    const filter = { since: now - 10_000, provider: 'gw', outcome: 'all' as const };
    const listed = repo.calls(filter, 10, 0).rows;
    const figures = repo.callFigures(filter, 10);
    expect(figures.total).toBe(4);
    expect(figures.rows).toEqual(
      listed.map((c) => ({
        ts: c.ts, outcome: callOutcomeOf(c), totalMs: c.totalMs, requestId: c.requestId, upstreamRequestId: c.upstreamRequestId, provider: 'gw',
        requestedModel: c.requestedModel, servedModel: c.servedModel, inputTokens: c.inputTokens, outputTokens: c.outputTokens,
        cacheReadTokens: c.cacheReadTokens, cacheWriteTokens: c.cacheWriteTokens, estimatedCounts: c.estimatedCounts, costUsd: c.costUsd,
      })),
    );
    expect(figures.rows.map((c) => [c.requestId, c.outcome, c.estimatedCounts, c.costUsd])).toEqual([
      ['cancelled', 'cancelled', null, 0.5],
      ['broke off', 'failed_mid_stream', null, 0.5],
      ['unpriced', 'ok', null, null],
      ['estimated', 'ok', 'output', 0.5],
    ]);
    // Exactly the limit reads them all; one fewer reads the latest and says how many there are.
    expect(repo.callFigures(filter, 4)).toMatchObject({ total: 4, rows: { length: 4 } });
    const cut = repo.callFigures(filter, 3);
    expect(cut.total).toBe(4);
    expect(cut.rows.map((c) => c.requestId)).toEqual(['cancelled', 'broke off', 'unpriced']);
  });
});

describe('renaming a provider in the ledger', () => {
  it('files its calls and totals under the new name, merged with those of an earlier provider of that name', () => {
    const { db } = freshDb();
    const repo = createUsageRepo(db);
    const DAY = 24 * HOUR;
    const start = Date.now() - 3 * DAY;
    const calls = Array.from({ length: 120 }, (_, i) => row(start + i * 37 * 60_000, { provider: i % 3 ? 'gw' : 'relay', inputTokens: i }));
    repo.insertMany(calls);
    repo.insertMany([row(start + 5, { provider: 'other' })]);
    repo.renameProvider('gw', 'relay');
    const inputOf = (list: UsageRecord[]) => list.reduce((n, c) => n + c.inputTokens, 0);
    // Mid-hour three days back: whole days and hours come from the totals tables, which must hold the merge.
    for (const since of [start + 1_234_567, start + DAY + 17 * 60_000]) {
      const window = calls.filter((c) => c.ts >= since);
      expect(repo.summary(since, 'provider').map((g) => [g.key, g.calls, g.inputTokens])).toEqual([['relay', window.length, inputOf(window)]]);
    }
    expect(repo.summary(start, 'provider').map((g) => g.key)).toEqual(['relay', 'other']);
    // In a half-hour zone, the hours around local midnight come from the quarter-hour totals, which must hold it too.
    inTimeZone('Asia/Kolkata', () => {
      const perProvider = new Map<string, number>();
      for (const g of repo.timeseries(start, 'day', 'provider')) perProvider.set(g.key, (perProvider.get(g.key) ?? 0) + g.calls);
      expect(perProvider).toEqual(new Map([['relay', 120], ['other', 1]]));
    });
    expect(repo.calls({ since: start, provider: 'gw', outcome: 'all' }, 10, 0).total).toBe(0);
    expect(repo.calls({ since: start, provider: 'relay', outcome: 'all' }, 200, 0).total).toBe(120);
  });
});

describe('usage by local day and hour', () => {
  // Zones whose offset is not a whole number of hours: a UTC hour holds the end of one local hour (or day) and the start of the next.
  it.each(['Asia/Kolkata', 'Asia/Kathmandu'])('in %s, calls at 23:50 and 00:10 local time fall on two days and in their own local hours', (zone) =>
    inTimeZone(zone, () => {
      const { db } = freshDb();
      const repo = createUsageRepo(db);
      const usage = createUsageService({ repo, ledger: createUsageLedger(repo), now: () => new Date(2026, 2, 10, 9, 0).getTime(), providerNames: () => [] });
      repo.insertMany([row(new Date(2026, 2, 9, 23, 50).getTime()), row(new Date(2026, 2, 10, 0, 10).getTime()), row(new Date(2026, 2, 10, 0, 20).getTime())]);
      const byDay = (since: string) => usage.summary({ since, by: 'day' }).groups.map((g) => [g.key, g.calls]);
      expect(byDay('2d')).toEqual([['2026-03-09', 1], ['2026-03-10', 2]]);
      expect(byDay('today')).toEqual([['2026-03-10', 2]]);
      expect(usage.summary({ since: 'today', by: 'model' }).totals.calls).toBe(2);
      expect(usage.timeseries({ since: '2d', bucket: 'hour' }).map((g) => [g.bucket, g.calls])).toEqual([['2026-03-09 23:00', 1], ['2026-03-10 00:00', 2]]);
    }),
  );

  it.each(['Australia/Adelaide', 'Australia/Lord_Howe', 'America/St_Johns', 'Asia/Kolkata', 'America/Los_Angeles', 'Europe/London'])(
    'in %s, every day and hour holds exactly the calls made in it, across the DST change and from any start',
    (zone) =>
      inTimeZone(zone, () => {
        const { db } = freshDb();
        const repo = createUsageRepo(db);
        // A call every 37 min 11 s from 6 March to 7 April 2026: the northern zones' DST starts and the southern ones' ends in it.
        const first = Date.UTC(2026, 2, 6);
        const calls = Array.from({ length: 1250 }, (_, i) => row(first + i * 2_231_000, { servedModel: `m${i % 3}` }));
        repo.insertMany(calls);
        const pad = (n: number) => String(n).padStart(2, '0');
        const dayOf = (ts: number) => { const d = new Date(ts); return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`; };
        const hourOf = (ts: number) => `${dayOf(ts)} ${pad(new Date(ts).getHours())}:00`;
        for (const since of [first - HOUR, first + 17 * 86_400_000 + 1_234_567, first + 29 * 86_400_000 + 45 * 60_000]) {
          for (const [bucket, labelOf] of [['day', dayOf], ['hour', hourOf]] as const) {
            const expected = new Map<string, number>();
            for (const c of calls.filter((c) => c.ts >= since)) {
              const id = `${labelOf(c.ts)} ${c.servedModel}`;
              expected.set(id, (expected.get(id) ?? 0) + 1);
            }
            const got = repo.timeseries(since, bucket, 'model');
            expect(new Map(got.map((g) => [`${g.bucket} ${g.key}`, g.calls]))).toEqual(expected);
          }
          const days = new Map<string, number>();
          for (const c of calls.filter((c) => c.ts >= since)) days.set(dayOf(c.ts), (days.get(dayOf(c.ts)) ?? 0) + 1);
          expect(repo.summary(since, 'day').map((g) => [g.key, g.calls])).toEqual([...days]);
        }
      }),
  );
});
