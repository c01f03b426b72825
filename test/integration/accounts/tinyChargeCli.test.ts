import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../../fixtures/gateway';
import { cliTableRows } from '../../helpers/cliTableRows';
import { runSwitchboard } from '../../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../../helpers/tempEnv';

// A gateway that shows its own currency, worth ten dollars a unit: one quota (the least a call is
// billed) is 0.0000002 units, under the least figure a charge is shown to.
const RATE = 0.1;
const QUOTA_PER_UNIT = 500_000;

describe('account logs of a gateway billing in its own currency', () => {
  let t: TempEnv;
  let gateway: Gateway;
  beforeAll(async () => {
    t = makeTempEnv();
    gateway = await startGateway({ currency: 'CUSTOM', customCurrency: { symbol: 'credits', exchangeRate: RATE } });
    const add = await runSwitchboard(['account', 'add', 'gw', '--base-url', gateway.url, '--username', 'tester', '--password', '-'], t.env, 'tester-password');
    expect(add.code).toBe(0);
  });
  afterAll(async () => {
    await gateway.close();
    t.cleanup();
  });

  it('show a charge under a millionth as less than the least shown, not as free; --json keeps it whole', async () => {
    gateway.billPhantomCall({ model: 'gpt-5.4-mini', promptTokens: 1, completionTokens: 0 });
    const json = await runSwitchboard(['account', 'logs', 'gw', '--json'], t.env);
    const { currency, items } = JSON.parse(json.stdout) as { currency: string; items: { quota: number; amount: number }[] };
    expect(currency).toBe('credits');
    expect(items).toHaveLength(1);
    expect(items[0].quota).toBe(1);
    expect(items[0].amount).toBeCloseTo((1 / QUOTA_PER_UNIT) * RATE, 15);
    const printed = await runSwitchboard(['account', 'logs', 'gw'], t.env);
    expect(printed.stderr).toBe('');
    expect(cliTableRows(printed.stdout)[0]).toMatchObject({ MODEL: 'gpt-5.4-mini', CHARGED: '<0.000001 credits' });
  });
});
