import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/core/store/db';
import { createUsageRepo, type CallFilter } from '../../../electron/core/store/usage';
import { ledgerRow } from '../../helpers/ledgerRow';
import { makeTempEnv, type TempEnv } from '../../helpers/tempEnv';

/**
 * The calls list's filters and the audit's read must find their rows through an index, not by
 * walking every call of the window: on a million-row ledger that walk took 400 ms to a second.
 * The plans are read for the SQL the repo itself runs, with its own parameters.
 */
describe('ledger indexes', () => {
  let t: TempEnv;
  let db: Db;
  /** The SQL of every statement the repo prepared. */
  let prepared: string[];
  beforeEach(() => {
    t = makeTempEnv();
    db = openDatabase(path.join(t.paths.home, 'switchboard.db'));
    prepared = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => {
      prepared.push(sql);
      return prepare(sql);
    }) as typeof db.prepare;
  });
  afterEach(() => {
    db.close();
    t.cleanup();
  });

  /** The query plans of the calls' queries prepared since `from`, run with `params` (unused names are ignored). */
  const plansSince = (from: number, params: Record<string, unknown>) =>
    prepared
      .slice(from)
      .filter((sql) => /FROM usage_calls WHERE/.test(sql))
      .map((sql) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join('; '));

  it('reads a provider, a client, a model or the failed calls of a window through their own index', () => {
    const repo = createUsageRepo(db);
    repo.insertMany([ledgerRow(1_000), ledgerRow(2_000, { status: 502, errorClass: 'server' })]);
    const cases: { filter: Omit<CallFilter, 'since'>; index: string }[] = [
      { filter: { provider: 'gw', outcome: 'all' }, index: 'usage_calls_provider_ts' },
      { filter: { client: 'claude', outcome: 'all' }, index: 'usage_calls_client_ts' },
      { filter: { model: 'm1', outcome: 'all' }, index: 'usage_calls_model_ts' },
      { filter: { outcome: 'error' }, index: 'usage_calls_failed' },
    ];
    for (const { filter, index } of cases) {
      const from = prepared.length;
      expect(repo.calls({ since: 0, ...filter }, 50, 0).total).toBeGreaterThan(0);
      const plans = plansSince(from, { since: 0, limit: 50, offset: 0, ...filter });
      // The page and its count both.
      expect(plans).toHaveLength(2);
      for (const p of plans) expect(p, JSON.stringify(filter)).toContain(index);
    }
  });

  it("reads a provider's calls for the audit through the provider's index", () => {
    const repo = createUsageRepo(db);
    repo.insertMany([ledgerRow(1_000), ledgerRow(2_000, { provider: 'other' })]);
    const from = prepared.length;
    expect(repo.callFigures({ since: 0, endedSince: 0, provider: 'gw', outcome: 'all' }, 100).total).toBe(1);
    const plans = plansSince(from, { since: 0, endedSince: 0, provider: 'gw', limit: 101 });
    expect(plans).toHaveLength(1);
    expect(plans[0]).toContain('usage_calls_provider_ts');
  });
});
