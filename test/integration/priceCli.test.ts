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

  it('price rm --json prints JSON: whether a price was removed, and which', async () => {
    const removed = await cli('price', 'rm', 'gw', 'gpt-5', '--json');
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toEqual({ provider: 'gw', model: 'gpt-5', removed: true });
    expect(JSON.parse((await cli('price', 'rm', 'gw', 'gpt-5', '--json')).stdout)).toEqual({ provider: 'gw', model: 'gpt-5', removed: false });
    expect((await cli('price', 'rm', 'gw', 'gpt-5')).stdout.trim()).toBe('gw had no price for gpt-5.');
  });
});
