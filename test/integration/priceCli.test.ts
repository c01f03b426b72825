import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../fixtures/gateway';
import { runSwitchboard } from '../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

/** The price table on the command line, filled from the simulated gateway's /api/pricing. */
describe('switchboard price on the command line', () => {
  let t: TempEnv;
  let gateway: Gateway;
  const cli = (...args: string[]) => runSwitchboard(args, t.env);

  beforeAll(async () => {
    t = makeTempEnv();
    gateway = await startGateway({ protocols: ['chat'] });
    expect((await cli('provider', 'add', 'gw', '--base-url', gateway.url, '--key', gateway.apiKey, '--protocols', 'chat')).code).toBe(0);
    expect((await cli('price', 'sync', 'gw')).code).toBe(0);
  });
  afterAll(async () => {
    await gateway.close();
    t.cleanup();
  });

  it('synced prices carry no float noise, in JSON and on screen', async () => {
    const list = JSON.parse((await cli('price', 'list', '--json')).stdout) as { model: string; input: number; output: number; cacheRead: number | null; cacheWrite: number | null }[];
    expect(list.length).toBeGreaterThan(3);
    const decimals = (n: number) => (String(n).split('.')[1] ?? '').length;
    for (const p of list) for (const value of [p.input, p.output, p.cacheRead, p.cacheWrite]) if (value !== null) expect(decimals(value), `${p.model} ${value}`).toBeLessThanOrEqual(9);
    // The gateway's ratios: sonnet 1.5 x cache 0.1, deepseek 0.14 x completion 1.5, mini 0.375 x cache 0.1.
    expect(list.find((p) => p.model === 'claude-sonnet-4-6')).toMatchObject({ input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
    expect(list.find((p) => p.model === 'deepseek-chat')).toMatchObject({ input: 0.28, output: 0.42, cacheRead: 0.028 });
    expect(list.find((p) => p.model === 'gpt-5.4-mini')).toMatchObject({ input: 0.75, output: 4.5, cacheRead: 0.075 });
    const screen = (await cli('price', 'list')).stdout;
    expect(screen).toMatch(/^gw\s+claude-sonnet-4-6\s+3\s+15\s+0\.3\s+3\.75\s+6 \(2x input\)\s+gateway$/m);
    expect(screen).not.toMatch(/\d{10}/);
  });

  it('price rm --json prints JSON: the price removed', async () => {
    const removed = await cli('price', 'rm', 'gw', 'gpt-5', '--json');
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toEqual({ provider: 'gw', model: 'gpt-5', removed: true });
  });

  it('price rm of a price that is not there is refused like provider rm of a provider that is not, and changes nothing', async () => {
    const before = (await cli('price', 'list', '--json')).stdout;
    const missing = 'There is no price for "no-such-model" on gw; list its prices with "switchboard price list --provider gw".';
    for (const args of [[], ['--json']]) {
      const rm = await cli('price', 'rm', 'gw', 'no-such-model', ...args);
      expect(rm.code).toBe(1);
      expect(rm.stdout).toBe('');
      expect(rm.stderr).toBe(`switchboard: ${missing}\n`);
    }
    expect((await cli('provider', 'rm', 'no-such-provider')).code).toBe(1);
    expect((await cli('price', 'list', '--json')).stdout).toBe(before);
  });

  it('a gateway without a price list points at price set, the command line\'s way to set prices by hand', async () => {
    const remove = gateway.override({ path: '/api/pricing' }, { kind: 'error', status: 404, body: { message: 'Not Found' } });
    try {
      const sync = await cli('price', 'sync', 'gw');
      expect(sync.code).toBe(1);
      expect(sync.stderr).toMatch(/^switchboard: gw answered HTTP 404: .+ at \/api\/pricing; it may not be a new-api gateway; set prices by hand with "switchboard price set"\.\n$/);
    } finally {
      remove();
    }
  });
});
