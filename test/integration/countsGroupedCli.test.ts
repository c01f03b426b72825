import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../fixtures/gateway';
import { ledgerRow, seedLedger } from '../helpers/ledgerRow';
import { runSwitchboard } from '../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

const MODELS = Array.from({ length: 1_200 }, (_, i) => `model-${i}`);

/** Counts the command line puts into sentences group thousands as its tables and prices do (1,200, not 1200). */
describe('counts over 999 in the command line\'s sentences', () => {
  let t: TempEnv;
  let gateway: Gateway;
  const cli = (args: string[], input?: string) => runSwitchboard(args, t.env, input);

  beforeAll(async () => {
    t = makeTempEnv();
    gateway = await startGateway({ protocols: ['chat'], models: MODELS });
    expect((await cli(['provider', 'add', 'gw', '--base-url', gateway.url, '--key', gateway.apiKey, '--protocols', 'chat'])).code).toBe(0);
  });
  afterAll(async () => {
    await gateway.close();
    t.cleanup();
  });

  it('price sync, account pricing and provider test group the models they count', async () => {
    const sync = await cli(['price', 'sync', 'gw']);
    expect(sync.stdout).toBe('Imported 1,200 model prices from gw.\n');

    expect((await cli(['account', 'add', 'gwa', '--base-url', gateway.url, '--username', 'tester', '--password', '-'], 'tester-password')).code).toBe(0);
    const pricing = await cli(['account', 'pricing', 'gwa']);
    expect(pricing.code).toBe(0);
    expect(pricing.stdout).toMatch(/^Wrote 1,200 prices for provider gw \(group ratio [\d.]+\)\.$/m);

    const test = await cli(['provider', 'test', 'gw']);
    expect(test.stdout).toMatch(/^gw: OK, 1,200 models listed in [\d,]+ ms\.$/m);
  });

  it('usage --csv groups the calls it wrote', async () => {
    const now = Date.now();
    seedLedger(t.paths.home, MODELS.map((_, i) => ledgerRow(now - 60_000 - i)));
    const file = path.join(t.paths.home, 'calls.csv');
    expect((await cli(['usage', '--since', '1d', '--csv', file])).stdout).toBe(`Wrote 1,200 calls to ${file}.\n`);
  });
});
