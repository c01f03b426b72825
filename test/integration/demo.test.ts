import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo } from '../../scripts/demoSetup';
import { freePort } from '../helpers/freePort';
import { cliTableRows } from '../helpers/cliTableRows';
import { runSwitchboard } from '../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

describe('npm run demo', () => {
  let t: TempEnv;
  let demo: Awaited<ReturnType<typeof startDemo>>;
  beforeAll(async () => {
    t = makeTempEnv();
    demo = await startDemo({ home: t.paths.home, port: await freePort(), env: t.env });
  });
  afterAll(async () => {
    await demo.close();
    t.cleanup();
  });

  it('leaves every screen with something to show: balances, providers from account keys, prices and a login link', async () => {
    const h = demo.headless.app.handlers;
    const balances = await h['accounts.balance']({});
    expect(JSON.stringify(balances)).toContain('demo-gw');
    expect((await h['providers.list']({})).map((p) => p.name)).toEqual(expect.arrayContaining(['demo-gw', 'demo-codex']));
    expect((await h['prices.list']({ provider: 'demo-gw' })).length).toBeGreaterThan(0);
    const page = await fetch(demo.headless.loginUrl(), { redirect: 'manual' });
    expect([200, 302, 303]).toContain(page.status);
  });

  it('points the Tools page at folders inside the demo\u2019s data, never at the user\u2019s own tool settings', () => {
    const { paths } = demo.headless.app;
    for (const folder of [paths.claudeDir, paths.claudeJson, paths.codexHome, paths.hermesHome]) expect(folder.startsWith(`${t.paths.home}/`), folder).toBe(true);
  });

  it('has two weeks of calls over several clients, models and providers, so every usage chart has data', async () => {
    const h = demo.headless.app.handlers;
    const summary = await h['usage.summary']({ since: '15d', by: 'model' });
    expect(summary.totals.calls).toBeGreaterThanOrEqual(80);
    expect(summary.totals.errors).toBeGreaterThan(0);
    expect(summary.totals.unpricedCalls).toBe(0);
    expect(summary.groups.length).toBeGreaterThanOrEqual(5);
    const keysOf = async (by: 'client' | 'provider' | 'day') => (await h['usage.summary']({ since: '15d', by })).groups.map((g) => g.key);
    expect((await keysOf('client')).sort()).toEqual(['chat', 'claude', 'codex']);
    expect((await keysOf('provider')).sort()).toEqual(['demo-codex', 'demo-gw']);
    expect((await keysOf('day')).length).toBeGreaterThanOrEqual(14);
    const perDay = await h['usage.timeseries']({ since: '7d', bucket: 'day', by: 'model' });
    expect(new Set(perDay.map((r) => r.bucket)).size).toBeGreaterThanOrEqual(7);
    expect(perDay.every((r) => r.costUsd >= 0)).toBe(true);
    const latency = await h['usage.latency']({ since: '7d' });
    expect(latency.map((r) => r.provider).sort()).toEqual(['demo-codex', 'demo-gw']);
    expect(latency.every((r) => r.p50Ms !== null && r.ttfbP50Ms !== null)).toBe(true);
  });

  it('prints counts and milliseconds grouped in thousands on the command line, as tokens are everywhere', async () => {
    const cellsOf = (stdout: string, columns: string[]) => cliTableRows(stdout).flatMap((row) => columns.map((column) => row[column]));
    const grouped = /^\d{1,3}(,\d{3})*( ms)?$/;
    const logs = cellsOf((await runSwitchboard(['account', 'logs', 'demo-gw', '--since', '15d'], t.env)).stdout, ['INPUT', 'OUTPUT']);
    const latency = cellsOf((await runSwitchboard(['usage', '--latency', '--since', '15d'], t.env)).stdout, ['P50', 'P95', 'TTFB P50', 'TTFB P95']);
    const calls = cellsOf((await runSwitchboard(['usage', '--calls', '100', '--since', '15d'], t.env)).stdout, ['TOTAL']);
    for (const cells of [logs, latency, calls]) {
      expect(cells.length).toBeGreaterThan(0);
      for (const cell of cells) expect(cell).toMatch(grouped);
      // The demo has calls of thousands of tokens and seconds long: the grouping is seen, not only allowed.
      expect(cells.some((cell) => cell.includes(','))).toBe(true);
    }
  });

  it('has an audit that shows exactly the deliberate, labelled discrepancies and nothing else', async () => {
    const audit = await demo.headless.app.handlers['audit.run']({ account: 'demo-gw', since: '15d', tolerance: 0.02 });
    const labelled = demo.deliberate;
    expect(labelled.map((c) => c.discrepancy!.label)).toHaveLength(5);
    const idOf = (c: (typeof audit.calls)[number]) => c.gateway?.requestId ?? null;
    const flagged = audit.calls.filter((c) => c.issues.length > 0);
    const expected = labelled.map((c) => c.discrepancy!.issues);
    expect(flagged.map((c) => c.issues)).toEqual(expected);
    // The gateway-side calls pair with their labelled plan by the gateway's request id.
    const billed = labelled.filter((c) => c.gatewayRequestId !== null);
    expect(flagged.map(idOf).filter((id) => id !== null)).toEqual(billed.map((c) => c.gatewayRequestId));
    // Not billed is listed but is not the gateway's fault; the other four are discrepancies.
    expect(audit.totals).toMatchObject({ discrepancies: 4, unpricedCalls: 0 });
    expect(audit.totals.overchargeUsd).toBeGreaterThan(0);
    const matched = audit.calls.filter((c) => c.gateway && c.ledger).length;
    expect(audit.totals.matched).toBe(matched);
    expect(matched).toBeGreaterThanOrEqual(75);
  });
});
