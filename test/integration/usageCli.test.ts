import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless } from '../../electron/headless';
import { startGateway, type Gateway } from '../fixtures/gateway';
import { cliTableRows } from '../helpers/cliTableRows';
import { freePort } from '../helpers/freePort';
import { runSwitchboard } from '../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';
import { inTimeZone, wallClockIn } from '../helpers/timeZone';

/** Calls through a running proxy, then the ledger read back by the real CLI in another process. */
describe('switchboard usage, price and route on the command line', () => {
  let t: TempEnv;
  let gateway: Gateway;
  const cli = (...args: string[]) => runSwitchboard(args, t.env);

  beforeAll(async () => {
    t = makeTempEnv();
    gateway = await startGateway({ protocols: ['chat'], acceptAnyModel: true });
    // A key in the gateway's "vip" group, billed at 0.8 of list price.
    const vipKey = gateway.addKey({ name: 'vip key', group: 'vip', unlimitedQuota: true }).key;
    expect((await runSwitchboard(['provider', 'add', 'gw', '--base-url', gateway.url, '--key', vipKey, '--protocols', 'chat'], t.env)).code).toBe(0);
  });
  afterAll(async () => {
    await gateway.close();
    t.cleanup();
  });

  it('price sync reads the gateway price list and the key group ratio', async () => {
    const r = await cli('price', 'sync', 'gw', '--group', 'vip', '--json');
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.imported).toBeGreaterThan(3);
    expect(out.groupRatio).toBe(0.8);
    const list = JSON.parse((await cli('price', 'list', '--provider', 'gw', '--json')).stdout) as { model: string; input: number; output: number; cacheRead: number }[];
    expect(list.find((p) => p.model === 'gpt-5.4')).toMatchObject({ input: 2.5, output: 15, cacheRead: 0.25 });
  });

  it('a hand-set price survives a later sync', async () => {
    expect((await cli('price', 'set', 'gw', 'gpt-5', '--input', '1', '--output', '4')).code).toBe(0);
    await cli('price', 'sync', 'gw');
    const list = JSON.parse((await cli('price', 'list', '--json')).stdout) as { model: string; input: number; source: string }[];
    expect(list.find((p) => p.model === 'gpt-5')).toMatchObject({ input: 1, source: 'manual' });
  });

  it('calls through the proxy are priced like the gateway bills them, and queried by every grouping', async () => {
    const port = await freePort();
    const sb = await startHeadless({ env: t.env, port });
    try {
      await sb.app.handlers['routes.promote']({ client: 'chat', provider: 'gw', dryRun: false, check: false });
      gateway.script({ kind: 'text', text: 'priced', model: 'gpt-5.4', usage: { promptTokens: 10_000, completionTokens: 1_000, cacheReadTokens: 2_000 } });
      const token = sb.app.tokens.ensure('chat');
      for (const stream of [false, true, false]) {
        const res = await fetch(`${sb.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'gpt-5.4', stream, messages: [{ role: 'user', content: 'price me' }] }),
        });
        expect(res.status).toBe(200);
        await res.text();
      }
    } finally {
      await sb.close();
    }
    // The gateway's own bill for the scripted call: 14,200 quota = $0.0284 (see the fixture's billing rule).
    const billed = gateway.logs().find((l) => l.promptTokens === 10_000)!;
    expect(billed.quota / 500_000).toBeCloseTo(0.0284, 6);

    const byModel = JSON.parse((await cli('usage', '--since', '1h', '--by', 'model', '--json')).stdout);
    expect(byModel.totals.calls).toBe(3);
    const calls = JSON.parse((await cli('usage', '--calls', '10', '--json')).stdout) as { total: number; rows: { costUsd: number; inputTokens: number; cacheReadTokens: number; outputTokens: number }[] };
    const scripted = calls.rows.find((r) => r.cacheReadTokens === 2_000)!;
    // 8,000 x $2.5 + 2,000 x $0.25 + 1,000 x $15 per million, x 0.8 (vip) = $0.0284
    expect(scripted).toMatchObject({ inputTokens: 8_000, outputTokens: 1_000, costUsd: 0.0284 });
    // The calls list shows the cached part of a prompt beside the rest, as the totals do.
    const cachedRows = cliTableRows((await cli('usage', '--calls', '10')).stdout).filter((row) => row['CACHE READ'] === '2,000');
    expect(cachedRows).toHaveLength(1);
    expect(cachedRows[0].INPUT).toBe('8,000');
    expect(cachedRows[0]['CACHE WRITE']).toBe('0');
    for (const by of ['provider', 'client', 'day']) {
      const r = JSON.parse((await cli('usage', '--by', by, '--json')).stdout) as { groups: { key: string; calls: number }[] };
      expect(r.groups.reduce((n, g) => n + g.calls, 0)).toBe(3);
    }
    expect(JSON.parse((await cli('usage', '--by', 'provider', '--json')).stdout).groups[0].key).toBe('gw');

    const human = await cli('usage', '--by', 'provider');
    expect(human.stdout).toMatch(/PROVIDER\s+CALLS/);
    expect(human.stdout).toMatch(/TOTAL\s+3/);

    const csvFile = path.join(t.root, 'calls.csv');
    expect((await cli('usage', '--csv', csvFile)).stdout).toContain('Wrote 3 calls');
    const lines = fs.readFileSync(csvFile, 'utf8').trim().split('\n');
    expect(lines[0].split(',')).toContain('costUsd');
    expect(lines).toHaveLength(4);
    expect(fs.readFileSync(csvFile, 'utf8')).not.toContain(gateway.apiKey);

    const latency = JSON.parse((await cli('usage', '--latency', '--json')).stdout) as { provider: string; calls: number; p50Ms: number }[];
    expect(latency[0]).toMatchObject({ provider: 'gw', calls: 3 });
    expect(latency[0].p50Ms).toBeGreaterThanOrEqual(0);
  });

  it('price set leaves an unset cache price unset, or keeps the ratio the gateway gave it', async () => {
    const fresh = JSON.parse((await cli('price', 'set', 'gw', 'house-model', '--input', '3', '--output', '15', '--json')).stdout);
    expect(fresh).toMatchObject({ input: 3, output: 15, cacheRead: null, cacheWrite: null });
    expect((await cli('price', 'set', 'gw', 'house-model', '--input', '3', '--output', '15')).stdout).toContain('cache read unset, cache write unset');
    expect((await cli('price', 'list', '--provider', 'gw')).stdout).toMatch(/house-model\s+3\s+15\s+unset\s+unset\s+unset\s+manual/);
    // gpt-5.4 was synced at $2.5 in and $0.25 cache read (the gateway's ratio 0.1): a new input price keeps that ratio.
    const resynced = JSON.parse((await cli('price', 'set', 'gw', 'gpt-5.4', '--input', '5', '--output', '30', '--json')).stdout);
    expect(resynced).toMatchObject({ input: 5, output: 30, cacheRead: 0.5 });
  }, 120_000);

  it('price set and price list group a price\u2019s thousands as every amount on the command line is grouped; --json keeps the number', async () => {
    const set = await cli('price', 'set', 'gw', 'dear-model', '--input', '1500', '--output', '12000.5', '--cache-read', '1250', '--cache-write', '1875');
    expect(set.stdout).toBe(
      'gw dear-model: $1,500 in, $12,000.5 out, $1,250 cache read, $1,875 cache write, $3,000 1-hour cache write (twice the input price, the default) per million tokens.\n',
    );
    const row = cliTableRows((await cli('price', 'list', '--provider', 'gw')).stdout).find((r) => r.MODEL === 'dear-model');
    expect(row).toMatchObject({ INPUT: '1,500', OUTPUT: '12,000.5', 'CACHE READ': '1,250', 'CACHE WRITE': '1,875', '1H CACHE WRITE': '3,000 (2x input)' });
    const listed = JSON.parse((await cli('price', 'list', '--provider', 'gw', '--json')).stdout) as { model: string; input: number; output: number; cacheWrite1hCharged: number }[];
    expect(listed.find((p) => p.model === 'dear-model')).toMatchObject({ input: 1500, output: 12000.5, cacheWrite1hCharged: 3000 });
  }, 120_000);

  it('a call without a price shows "no price" (null in JSON), and totals say how many calls they leave out', async () => {
    const port = await freePort();
    const sb = await startHeadless({ env: t.env, port });
    try {
      gateway.script({ kind: 'text', text: 'unpriced', model: 'model-without-price', usage: { promptTokens: 300, completionTokens: 30 } });
      const res = await fetch(`${sb.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sb.app.tokens.ensure('chat')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'model-without-price', messages: [{ role: 'user', content: 'no price for me' }] }),
      });
      expect(res.status).toBe(200);
      await res.text();
    } finally {
      await sb.close();
    }
    const calls = JSON.parse((await cli('usage', '--calls', '1', '--json')).stdout) as { rows: { servedModel: string; costUsd: number | null }[] };
    expect(calls.rows[0]).toMatchObject({ servedModel: 'model-without-price', costUsd: null });
    expect((await cli('usage', '--calls', '1')).stdout).toMatch(/model-without-price .*\bno price\b/);

    const summary = JSON.parse((await cli('usage', '--since', '1h', '--json')).stdout);
    expect(summary.totals).toMatchObject({ calls: 4, unpricedCalls: 1 });
    // Whole millionths: no float noise such as 0.08520000000000001 in JSON.
    for (const cost of [summary.totals.costUsd, ...summary.groups.map((g: { costUsd: number }) => g.costUsd)]) expect(Math.round(cost * 1e6) / 1e6).toBe(cost);
    expect(summary.groups.find((g: { key: string }) => g.key === 'model-without-price')).toMatchObject({ calls: 1, costUsd: 0, unpricedCalls: 1 });

    const human = (await cli('usage', '--since', '1h')).stdout;
    expect(human).toMatch(/model-without-price\s+1\s+0\s+300\s+30\s+0\s+0\s+0\s+no price/);
    expect(human).toMatch(/TOTAL\s+4 .*\$0\.\d+ \+ 1 call without a price/);
    expect(human).toContain('1 call had no price, so the cost above leaves it out');
    expect(human).not.toMatch(/\$0\.0000\b/);
  }, 120_000);

  it('every table names its token columns INPUT and OUTPUT, with CACHE READ, CACHE WRITE and the 1-hour part of it beside them', async () => {
    const header = async (...args: string[]) => (await cli(...args)).stdout.split('\n')[0].split(/\s{2,}/);
    expect(await header('usage', '--since', '1h')).toEqual(['MODEL', 'CALLS', 'ERRORS', 'INPUT', 'OUTPUT', 'CACHE READ', 'CACHE WRITE', 'INCL. 1H', 'COST']);
    expect(await header('usage', '--calls', '5')).toEqual(['ID', 'TIME', 'CLIENT', 'ENDPOINT', 'PROVIDER', 'MODEL', 'STATUS', 'INPUT', 'OUTPUT', 'CACHE READ', 'CACHE WRITE', 'INCL. 1H', 'COST', 'TTFB', 'TOTAL', 'ATTEMPTS']);
    expect(await header('price', 'list')).toEqual(['PROVIDER', 'MODEL', 'INPUT', 'OUTPUT', 'CACHE READ', 'CACHE WRITE', '1H CACHE WRITE', 'SOURCE']);
  });

  it('lists calls at local time, the time the day groupings and --since dates use', async () => {
    const zone = 'Asia/Kathmandu';
    const env = { ...t.env, TZ: zone };
    const { rows } = JSON.parse((await runSwitchboard(['usage', '--calls', '1', '--json'], env)).stdout) as { rows: { ts: number }[] };
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = inTimeZone(zone, () => {
      const d = new Date(rows[0].ts);
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    });
    expect((await runSwitchboard(['usage', '--calls', '1'], env)).stdout).toMatch(new RegExp(`^\\d+\\s+${local}\\s`, 'm'));
    expect((await cli('usage', '--help')).stdout).toContain('a date (2026-11-01: from local midnight)');
  });

  it('a bad time window is one sentence and exit code 2', async () => {
    const r = await cli('usage', '--since', 'fortnight');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('switchboard: "fortnight" is not a time window; use something like 30m, 24h, 7d, 4w, today or 2026-11-01.');
    const ahead = await cli('usage', '--since', '2999-01-01');
    expect(ahead.code).toBe(2);
    expect(ahead.stderr.trim()).toBe('switchboard: "2999-01-01" is in the future; a window starts before now (e.g. 7d, today or an earlier date).');
  });

  it('route set takes per-hop models, pattern maps, strict model and retry rules; route list shows them', async () => {
    await cli('provider', 'add', 'backup', '--base-url', gateway.url, '--key', gateway.apiKey, '--protocols', 'chat');
    const set = await cli('route', 'set', '--client', 'claude', 'gw', 'backup=gpt-5.4-mini', '--map', 'gw:claude-sonnet-*=gpt-5.4', '--strict', '--retry-status', '529', '--retry-text', 'overloaded', '--json');
    expect(set.stderr).toBe('');
    expect(JSON.parse(set.stdout)).toMatchObject({
      client: 'claude',
      providers: ['gw', 'backup'],
      strictModel: true,
      retryStatuses: [529],
      retryPatterns: ['overloaded'],
      hops: [{ provider: 'gw', models: { 'claude-sonnet-*': 'gpt-5.4' } }, { provider: 'backup', model: 'gpt-5.4-mini' }],
    });
    const list = await cli('route', 'list');
    expect(list.stdout).toMatch(/claude\s+gw \{claude-sonnet-\*->gpt-5.4\} > backup=gpt-5.4-mini\s+yes\s+529, "overloaded"/);
    const bad = await cli('route', 'set', '--client', 'claude', 'gw', '--map', 'nope');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--map takes PROVIDER:PATTERN=MODEL');
  });

  it('use puts the provider first and keeps the rest of the chain as failover', async () => {
    await cli('route', 'set', '--client', 'chat', 'gw', 'backup');
    await cli('use', 'backup', '--client', 'chat');
    const routes = JSON.parse((await cli('route', 'list', '--json')).stdout) as { client: string; providers: string[] }[];
    expect(routes.find((r) => r.client === 'chat')!.providers).toEqual(['backup', 'gw']);
  });

  it("use for chat clients checks the key first, changes nothing in a dry run, and refuses the flags about a tool's files", async () => {
    const chatRoute = async () => (JSON.parse((await cli('route', 'list', '--json')).stdout) as { client: string; providers: string[] }[]).find((r) => r.client === 'chat')!.providers;
    const before = await chatRoute();
    const dry = await cli('use', before[1], '--client', 'chat', '--dry-run');
    expect([dry.code, dry.stdout]).toEqual([0, `The chat route would be ${before[1]} > ${before[0]} (dry run: nothing was changed).\n`]);
    expect(await chatRoute()).toEqual(before);

    await cli('provider', 'add', 'badkey', '--base-url', gateway.url, '--key', 'sk-wrong-key-000000000000', '--protocols', 'chat');
    const rejected = await cli('use', 'badkey', '--client', 'chat');
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/^switchboard: badkey rejected the key/);
    expect(await chatRoute()).toEqual(before);

    const direct = await cli('use', 'gw', '--client', 'chat', '--mode', 'direct');
    expect([direct.code, direct.stderr]).toEqual([
      2,
      'switchboard: --mode direct cannot apply to --client chat: GUI chat clients always reach gateways through the local proxy, so "use" only puts gw first in their route.\n',
    ]);
    await cli('provider', 'rm', 'badkey', '--force');
  });

  it('status shows a tripped breaker recorded by the proxy process', async () => {
    const sb = await startHeadless({ env: t.env, port: await freePort() });
    try {
      await sb.app.handlers['settings.set']({ breakerThreshold: 1 });
      await sb.app.handlers['routes.set']({ client: 'hermes', providers: ['gw'] });
      gateway.script({ kind: 'error', status: 503, message: 'maintenance window' });
      const res = await fetch(`${sb.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sb.app.tokens.ensure('hermes')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-5.4', messages: [{ role: 'user', content: 'x' }] }),
      });
      expect(res.status).toBe(503);
      const env = { ...t.env, TZ: 'Asia/Kolkata' };
      const { breakers } = JSON.parse((await runSwitchboard(['status', '--json'], env)).stdout) as { breakers: { provider: string; retryAt: number }[] };
      const nextProbe = wallClockIn('Asia/Kolkata', breakers.find((b) => b.provider === 'gw')!.retryAt);
      const status = await runSwitchboard(['status'], env);
      expect(status.stdout).toMatch(new RegExp(`gw\\s+open\\s+1\\s+${nextProbe}\\s+gw: maintenance window`));

      // The failure's code kept beside the sentence is the dashboard's: status prints what it printed
      // before it was kept, the same as for a state stored without it (by an older version).
      const asJson = await runSwitchboard(['status', '--json'], env);
      expect(Object.keys(JSON.parse(asJson.stdout).breakers.find((b: { provider: string }) => b.provider === 'gw'))).toEqual(['provider', 'state', 'consecutiveFailures', 'retryAt', 'lastError']);
      const stored = sb.app.settings.get<Record<string, { lastMishap?: unknown }>>('proxy.breakers', {});
      expect(Object.values(stored).map((b) => b.lastMishap)).toContainEqual({ code: 'said', words: 'maintenance window' });
      sb.app.settings.set('proxy.breakers', Object.fromEntries(Object.entries(stored).map(([id, { lastMishap, ...older }]) => [id, older])));
      expect(await runSwitchboard(['status'], env)).toEqual(status);
      expect(await runSwitchboard(['status', '--json'], env)).toEqual(asJson);
    } finally {
      await sb.close();
    }
  });
});
