import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, QUOTA_PER_UNIT, type Gateway } from '../../fixtures/gateway';
import { cliTableRows } from '../../helpers/cliTableRows';
import { runSwitchboard } from '../../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../../helpers/tempEnv';

// A gateway counting in its own points, a thousand to the dollar: balances and charges run into thousands.
const RATE = 1000;
const SYMBOL = '积分';

describe('amounts in a gateway\'s own unit on the command line', () => {
  let t: TempEnv;
  let gateway: Gateway;
  const sb = (args: string[]) => runSwitchboard(args, t.env);
  beforeAll(async () => {
    t = makeTempEnv();
    gateway = await startGateway({ currency: 'CUSTOM', customCurrency: { symbol: SYMBOL, exchangeRate: RATE } });
    gateway.defaultUser.quota = (114_762.48 / RATE) * QUOTA_PER_UNIT;
    gateway.defaultUser.usedQuota = 5 * QUOTA_PER_UNIT;
    const add = await runSwitchboard(['account', 'add', 'gw', '--base-url', gateway.url, '--username', 'tester', '--password', '-', '--low-balance', '200000'], t.env, 'tester-password');
    expect(add.code).toBe(0);
  });
  afterAll(async () => {
    await gateway.close();
    t.cleanup();
  });

  it('groups thousands in the balance, its threshold and the account list, as raw quota is; --json keeps the numbers', async () => {
    const balance = await sb(['account', 'balance', 'gw']);
    expect(balance.stderr).toBe('');
    expect(cliTableRows(balance.stdout)[0]).toMatchObject({ REMAINING: `114,762.48 ${SYMBOL}`, USED: `5,000.00 ${SYMBOL}`, WARNING: 'LOW (< 200,000)' });
    expect(JSON.parse((await sb(['account', 'balance', 'gw', '--json'])).stdout)).toMatchObject({ remaining: 114762.48, used: 5000, threshold: 200000 });
    expect(cliTableRows((await sb(['account', 'list'])).stdout)[0]).toMatchObject({ NAME: 'gw', 'LOW BELOW': '200,000' });
    expect((await sb(['account', 'threshold', 'gw', '150000'])).stdout).toBe('gw warns when its balance is below 150,000.\n');
  });

  it('groups thousands in a key\'s allowance and a call\'s charge', async () => {
    const [key] = cliTableRows((await sb(['account', 'keys', 'gw'])).stdout);
    expect(key.REMAINING).toBe(`${(gateway.defaultKey.remainQuota / QUOTA_PER_UNIT * RATE).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${SYMBOL}`);
    expect(key.REMAINING).toMatch(/^\d{1,3}(,\d{3})+\.\d\d /);
    gateway.billPhantomCall({ model: 'gpt-5.4', promptTokens: 2_000_000, completionTokens: 500_000 });
    const { items } = JSON.parse((await sb(['account', 'logs', 'gw', '--json'])).stdout) as { items: { amount: number }[] };
    expect(items[0].amount).toBeGreaterThan(1000);
    const [call] = cliTableRows((await sb(['account', 'logs', 'gw'])).stdout);
    expect(call.CHARGED).toMatch(new RegExp(`^\\d{1,3}(,\\d{3})+\\.\\d{4,6} ${SYMBOL}$`));
    expect(Number(call.CHARGED.split(' ')[0].replaceAll(',', ''))).toBeCloseTo(items[0].amount, 6);
  });
});
