import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/store/db';
import { createUsageRepo, type UsageRecord } from '../../../electron/core/store/usage';
import { createUsageLedger } from '../../../electron/core/usage/ledger';
import { createUsageService } from '../../../electron/core/usage/service';
import { CALL_ENDPOINTS } from '../../../shared/callEndpoint';
import type { UsageCall } from '../../../shared/usageContract';
import { ledgerRow } from '../../helpers/ledgerRow';
import { inTimeZone } from '../../helpers/timeZone';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** The usage service over a fresh database file with every migration, holding `records`. */
function serviceWith(records: UsageRecord[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-filtered-'));
  dirs.push(dir);
  const repo = createUsageRepo(openDatabase(path.join(dir, 'switchboard.db')));
  repo.insertMany(records);
  return createUsageService({ repo, ledger: createUsageLedger(repo), now: () => Date.now(), providerNames: () => ['gw', 'other'] });
}

type Figures = { calls: number; errors: number; inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number; unpricedCalls: number; costUsd: number };
const FIGURES = ['calls', 'errors', 'inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'unpricedCalls', 'costUsd'] as const;
/** Dollars to whole millionths, as totals are shown. */
const micros = (usd: number) => Math.round(usd * 1e6) / 1e6;

/** What the totals count, summed over listed calls: the figures a narrowed page must show. */
const sumOfCalls = (rows: UsageCall[]): Figures => ({
  calls: rows.length,
  errors: rows.filter((r) => (r.status >= 400 || r.errorClass !== null) && r.errorClass !== 'cancelled').length,
  inputTokens: rows.reduce((n, r) => n + r.inputTokens, 0),
  outputTokens: rows.reduce((n, r) => n + r.outputTokens, 0),
  cacheReadTokens: rows.reduce((n, r) => n + r.cacheReadTokens, 0),
  cacheWriteTokens: rows.reduce((n, r) => n + r.cacheWriteTokens, 0),
  unpricedCalls: rows.filter((r) => r.costUsd === null).length,
  costUsd: micros(rows.reduce((n, r) => n + (r.costUsd ?? 0), 0)),
});

/** The same figures of totals or of groups summed. */
const figuresOf = (...groups: Figures[]): Figures => {
  const sum = Object.fromEntries(FIGURES.map((f) => [f, groups.reduce((n, g) => n + g[f], 0)])) as Figures;
  return { ...sum, costUsd: micros(sum.costUsd) };
};

describe("the Usage page's totals, charts and latency under its filters", () => {
  // A half-hour zone: local days are read from quarter-hour totals and pieces of calls as well as whole hours and days.
  it('count exactly the calls the list shows under the same client, provider, model and endpoint, in every part of a window', () =>
    inTimeZone('Asia/Kolkata', () => {
      const today = Math.floor(Date.now() / DAY) * DAY;
      // Calls every 23 minutes over four days, spread over clients, providers, models, endpoints, outcomes and prices.
      const records: UsageRecord[] = [];
      for (let at = today - 4 * DAY + 11 * 60_000; at < Date.now(); at += 23 * 60_000) {
        const n = records.length;
        records.push(ledgerRow(at, {
          requestId: `sb_f${n}`, client: n % 3 ? 'claude' : 'codex', provider: n % 2 ? 'other' : 'gw', servedModel: `m${n % 4}`, endpoint: CALL_ENDPOINTS[n % 5],
          inputTokens: n, outputTokens: n % 9, cacheReadTokens: n % 5, cacheWriteTokens: n % 7, costUsd: n % 6 ? n / 1000 : null,
          ...(n % 13 === 0 ? { status: 502, errorClass: 'server' } : n % 17 === 0 ? { status: 499, errorClass: 'cancelled' } : {}),
          totalMs: 100 + n,
        }));
      }
      const usage = serviceWith(records);
      const since = '3d';
      const filters = [{ provider: 'other' }, { client: 'codex' as const }, { endpoint: 'chat' as const }, { model: 'm1' }, { provider: 'gw', client: 'claude' as const, endpoint: 'messages' as const }];
      const pad = (v: number) => String(v).padStart(2, '0');
      const dayOf = (ts: number) => { const d = new Date(ts); return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`; };
      for (const filter of filters) {
        const listed = usage.calls({ since, outcome: 'all', ...filter, limit: 1000, offset: 0 });
        const all = usage.calls({ since, outcome: 'all', limit: 1000, offset: 0 });
        expect(listed.total, JSON.stringify(filter)).toBe(listed.rows.length);
        expect(listed.total).toBeGreaterThan(10);
        expect(listed.total).toBeLessThan(all.total);
        const expected = sumOfCalls(listed.rows);
        const where = JSON.stringify(filter);

        // The tiles and the grouped table, whatever they group by.
        for (const by of ['model', 'provider', 'client', 'endpoint', 'day'] as const) {
          const summary = usage.summary({ since, by, ...filter });
          expect(figuresOf(summary.totals), `${where} by ${by}`).toEqual(expected);
          expect(figuresOf(...summary.groups), `${where}: the groups of ${by}`).toEqual(expected);
        }
        // The chart per local day, split by each grouping: each day holds that day's matching calls.
        const perDay = new Map<string, number>();
        for (const r of listed.rows) perDay.set(dayOf(r.ts), (perDay.get(dayOf(r.ts)) ?? 0) + 1);
        for (const by of ['model', 'provider', 'client', 'endpoint'] as const) {
          const series = usage.timeseries({ since, bucket: 'day', by, ...filter });
          const got = new Map<string, number>();
          for (const g of series) got.set(g.bucket, (got.get(g.bucket) ?? 0) + g.calls);
          expect(got, `${where} per day by ${by}`).toEqual(perDay);
          expect(series.reduce((n, g) => n + g.inputTokens, 0)).toBe(expected.inputTokens);
        }
        expect(usage.timeseries({ since, bucket: 'hour', ...filter }).reduce((n, g) => n + g.calls, 0)).toBe(expected.calls);
        // Latency: the matching calls that were not cancelled (a cancelled call's time is the client's patience).
        const timed = listed.rows.filter((r) => r.errorClass !== 'cancelled');
        const latency = usage.latency({ since, ...filter });
        expect(latency.reduce((n, p) => n + p.calls, 0), where).toBe(timed.length);
        expect(latency.map((p) => p.provider).sort()).toEqual([...new Set(timed.map((r) => r.provider))].sort());
      }
    }));
});
