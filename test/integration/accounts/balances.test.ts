import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel, ChannelInput } from '../../../shared/contract';
import { call } from '../../../electron/cliCommon';
import { cliMessage } from '../../../electron/cliRemedy';
import type { SwitchboardError } from '../../../electron/core/errors';
import { startBalanceSource, startGateway, KeyStatus, QUOTA_PER_UNIT, type BalanceSourceKind } from '../../fixtures/gateway';
import { makeTempEnv, type TempEnv } from '../../helpers/tempEnv';
import { makeTestApp } from '../../helpers/testApp';

let t: TempEnv;
let app: ReturnType<typeof makeTestApp>;
const closers: (() => Promise<void>)[] = [];

const rpc = <C extends Channel>(channel: C, input: ChannelInput<C>) => call(app, channel, input);

beforeEach(() => {
  t = makeTempEnv();
  app = makeTestApp(t);
});

afterEach(async () => {
  app.close();
  await Promise.all(closers.splice(0).map((close) => close()));
  t.cleanup();
});

describe('key-only balance on one-api / new-api gateways', () => {
  it('new-api: /api/usage/token/, in the display currency', async () => {
    const gateway = await startGateway({ currency: 'CNY', usdExchangeRate: 7 });
    closers.push(gateway.close);
    gateway.defaultKey.usedQuota = 2 * QUOTA_PER_UNIT;
    gateway.defaultKey.remainQuota = 48 * QUOTA_PER_UNIT;
    await rpc('accounts.add', { name: 'k', baseUrl: gateway.url, key: gateway.apiKey });
    const [balance] = (await rpc('accounts.balance', { name: 'k' })).balances;
    expect(balance).toMatchObject({ remaining: 336, used: 14, currency: 'CNY', unlimited: false, source: '/api/usage/token/' });
    const [account] = await rpc('accounts.list', {});
    expect(account.credential).toBe(`sk-…${gateway.apiKey.slice(-4)}`);
  });

  it('one-api: the dashboard billing endpoints', async () => {
    const gateway = await startGateway({ flavour: 'one-api' });
    closers.push(gateway.close);
    gateway.defaultKey.usedQuota = 1.25 * QUOTA_PER_UNIT;
    gateway.defaultKey.remainQuota = 10 * QUOTA_PER_UNIT;
    await rpc('accounts.add', { name: 'k', kind: 'one-api', baseUrl: gateway.url, key: gateway.apiKey, lowBalanceThreshold: 20 });
    const [balance] = (await rpc('accounts.balance', { name: 'k' })).balances;
    expect(balance).toMatchObject({ remaining: 10, used: 1.25, currency: 'USD', low: true, source: '/v1/dashboard/billing/subscription' });
  });

  it('one-api showing raw quota: a large grant is a number, only the unlimited mark is unlimited', async () => {
    const gateway = await startGateway({ flavour: 'one-api', currency: 'TOKENS' });
    closers.push(gateway.close);
    // 300 USD of quota: in tokens display the subscription's hard_limit_usd is 150,000,000 quota.
    gateway.defaultKey.remainQuota = 300 * QUOTA_PER_UNIT;
    await rpc('accounts.add', { name: 'k', kind: 'one-api', baseUrl: gateway.url, key: gateway.apiKey });
    expect((await rpc('accounts.balance', { name: 'k' })).balances[0]).toMatchObject({ remaining: 300 * QUOTA_PER_UNIT, currency: 'TOKENS', unlimited: false });
    gateway.defaultKey.unlimitedQuota = true;
    expect((await rpc('accounts.balance', { name: 'k' })).balances[0]).toMatchObject({ unlimited: true });
  });

  it('new-api showing a custom currency: the key balance in its symbol at its rate, also from the billing endpoints (which answer in USD)', async () => {
    const gateway = await startGateway({ currency: 'CUSTOM', customCurrency: { symbol: '€', exchangeRate: 0.9 } });
    closers.push(gateway.close);
    gateway.defaultKey.usedQuota = 2 * QUOTA_PER_UNIT;
    gateway.defaultKey.remainQuota = 48 * QUOTA_PER_UNIT;
    await rpc('accounts.add', { name: 'k', baseUrl: gateway.url, key: gateway.apiKey, lowBalanceThreshold: 50 });
    expect((await rpc('accounts.balance', { name: 'k' })).balances[0]).toMatchObject({ remaining: 43.2, used: 1.8, currency: '€', low: true, source: '/api/usage/token/' });
    gateway.override({ path: '/api/usage/token' }, { kind: 'error', status: 404, body: { message: 'Not Found' } });
    expect((await rpc('accounts.balance', { name: 'k' })).balances[0]).toMatchObject({ remaining: 43.2, used: 1.8, currency: '€', source: '/v1/dashboard/billing/subscription' });
  });

  it('new-api showing a custom currency: console balance, keys, a new key\'s quota and logs in its symbol at its rate', async () => {
    const gateway = await startGateway({ currency: 'CUSTOM', customCurrency: { symbol: 'pts', exchangeRate: 1000 } });
    closers.push(gateway.close);
    gateway.defaultUser.usedQuota = 5 * QUOTA_PER_UNIT;
    await rpc('accounts.add', { name: 'gw', baseUrl: gateway.url, username: 'tester', password: 'tester-password' });
    const [balance] = (await rpc('accounts.balance', { name: 'gw' })).balances;
    expect(balance).toMatchObject({ remaining: (gateway.defaultUser.quota / QUOTA_PER_UNIT) * 1000, used: 5000, currency: 'pts', source: '/api/user/self' });
    const created = await rpc('accounts.keys.create', { account: 'gw', name: 'ci', quota: 2500 });
    expect(created).toMatchObject({ remaining: 2500, currency: 'pts' });
    expect(gateway.keys().find((k) => k.name === 'ci')?.remainQuota).toBe(2.5 * QUOTA_PER_UNIT);
    expect((await rpc('accounts.logs', { account: 'gw' })).currency).toBe('pts');
  });

  it('a disabled key is one sentence that says what to do, and the account stays', async () => {
    const gateway = await startGateway();
    closers.push(gateway.close);
    await rpc('accounts.add', { name: 'k', baseUrl: gateway.url, key: gateway.apiKey });
    gateway.defaultKey.status = KeyStatus.disabled;
    const err = await rpc('accounts.balance', { name: 'k' }).catch((e: Error & { code: string }) => e);
    expect(err).toMatchObject({ code: 'key_rejected' });
    expect(cliMessage(err as SwitchboardError, 'account')).toMatch(/^k \(127\.0\.0\.1:\d+\) refused the credential \(.+\); the key was probably disabled, deleted or used up: .*"switchboard account login k --key -"\.$/);
    expect((err as Error).message).not.toContain(gateway.apiKey);
    expect(await rpc('accounts.list', {})).toHaveLength(1);
  });

  it('a refusal that quotes the key shows it masked', async () => {
    const gateway = await startGateway();
    closers.push(gateway.close);
    await rpc('accounts.add', { name: 'k', baseUrl: gateway.url, key: gateway.apiKey });
    gateway.override({ path: '/api/usage/token' }, { kind: 'error', status: 401, body: { success: false, message: `Invalid token: Bearer ${gateway.apiKey}` } });
    const err = await rpc('accounts.balance', { name: 'k' }).catch((e: Error & { code: string }) => e);
    expect((err as Error).message).toContain(`refused the credential (Invalid token: Bearer sk-…${gateway.apiKey.slice(-4)})`);
    expect((err as Error).message).not.toContain(gateway.apiKey);
  });

  it('a refusal that quotes the key as the gateway keeps it, without "sk-", shows it masked too', async () => {
    const gateway = await startGateway();
    closers.push(gateway.close);
    await rpc('accounts.add', { name: 'k', baseUrl: gateway.url, key: gateway.apiKey });
    const stored = gateway.apiKey.slice('sk-'.length);
    gateway.override({ path: '/api/usage/token' }, { kind: 'error', status: 401, body: { error: { message: `Incorrect API key provided: ${stored}.`, type: 'invalid_request_error' } } });
    const err = await rpc('accounts.balance', { name: 'k' }).catch((e: Error) => e);
    expect((err as Error).message).toContain(`refused the credential (Incorrect API key provided: …${stored.slice(-4)})`);
    expect((err as Error).message).not.toContain(stored);
  });
});

describe('other balance sources', () => {
  const cases: [BalanceSourceKind, Record<string, unknown>][] = [
    ['openrouter', { remaining: 17.5, used: 7.5, currency: 'USD', unlimited: false, source: '/api/v1/key' }],
    ['deepseek', { remaining: 110, used: 0, currency: 'CNY', source: '/user/balance' }],
    ['moonshot', { remaining: 57.5, currency: 'CNY', source: '/v1/users/me/balance' }],
    ['siliconflow', { remaining: 88.88, currency: 'CNY', source: '/v1/user/info' }],
  ];
  for (const [kind, expected] of cases) {
    it(`${kind}`, async () => {
      const server = await startBalanceSource(kind);
      closers.push(server.close);
      await rpc('accounts.add', { name: kind, kind, baseUrl: server.url, key: server.key });
      const [balance] = (await rpc('accounts.balance', { name: kind })).balances;
      expect(balance).toMatchObject({ account: kind, kind, ...expected });
      expect(server.requests.every((r) => r.headers.authorization === `Bearer ${server.key}`)).toBe(true);
    });
  }

  it('openrouter without a limit is unlimited, and a changed balance is read fresh', async () => {
    const server = await startBalanceSource('openrouter', { balance: { limit: null, usage: 3 } });
    closers.push(server.close);
    await rpc('accounts.add', { name: 'or', kind: 'openrouter', baseUrl: server.url, key: server.key, lowBalanceThreshold: 100 });
    expect((await rpc('accounts.balance', { name: 'or' })).balances[0]).toMatchObject({ unlimited: true, used: 3, low: false });
    server.balance.usage = 4;
    expect((await rpc('accounts.balance', { name: 'or' })).balances[0].used).toBe(4);
  });

  it('deepseek holding yuan and dollars: each currency, each warned on its own; the account is low only when every currency is', async () => {
    const server = await startBalanceSource('deepseek', {
      balance: {
        currencies: [
          { currency: 'CNY', grantedBalance: 0, toppedUpBalance: 100 },
          { currency: 'USD', grantedBalance: 0.5, toppedUpBalance: 0 },
        ],
      },
    });
    closers.push(server.close);
    await rpc('accounts.add', { name: 'ds', kind: 'deepseek', baseUrl: server.url, key: server.key, lowBalanceThreshold: 5 });
    expect((await rpc('accounts.balance', { name: 'ds' })).balances[0]).toMatchObject({
      remaining: 100,
      currency: 'CNY',
      low: false,
      holdings: [
        { currency: 'CNY', remaining: 100, low: false },
        { currency: 'USD', remaining: 0.5, low: true },
      ],
    });
    server.balance.currencies[0].toppedUpBalance = 3;
    server.balance.currencies[1].toppedUpBalance = 20;
    expect((await rpc('accounts.balance', { name: 'ds' })).balances[0]).toMatchObject({ remaining: 20.5, currency: 'USD', low: false });
    server.balance.currencies[1].toppedUpBalance = 1;
    expect((await rpc('accounts.balance', { name: 'ds' })).balances[0]).toMatchObject({
      remaining: 1.5,
      currency: 'USD',
      low: true,
      holdings: [
        { currency: 'USD', remaining: 1.5, low: true },
        { currency: 'CNY', remaining: 3, low: true },
      ],
    });
  });

  it('deepseek saying the balance cannot pay for calls (is_available: false): low without a threshold and above one, until it can again', async () => {
    const server = await startBalanceSource('deepseek', { balance: { isAvailable: false } });
    closers.push(server.close);
    await rpc('accounts.add', { name: 'ds', kind: 'deepseek', baseUrl: server.url, key: server.key });
    expect((await rpc('accounts.balance', { name: 'ds' })).balances[0]).toMatchObject({ remaining: 110, currency: 'CNY', threshold: null, low: true, cannotPay: true });
    await rpc('accounts.setThreshold', { name: 'ds', threshold: 5 });
    expect((await rpc('accounts.balance', { name: 'ds' })).balances[0]).toMatchObject({ remaining: 110, threshold: 5, low: true, cannotPay: true });
    server.balance.isAvailable = true;
    const available = (await rpc('accounts.balance', { name: 'ds' })).balances[0];
    expect(available).toMatchObject({ remaining: 110, low: false });
    expect(available).not.toHaveProperty('cannotPay');
  });

  it('deepseek holding two currencies that cannot pay for calls: low as a whole, each currency still held against the threshold', async () => {
    const server = await startBalanceSource('deepseek', {
      balance: {
        currencies: [
          { currency: 'CNY', grantedBalance: 0, toppedUpBalance: 100 },
          { currency: 'USD', grantedBalance: 0, toppedUpBalance: 20 },
        ],
        isAvailable: false,
      },
    });
    closers.push(server.close);
    await rpc('accounts.add', { name: 'ds', kind: 'deepseek', baseUrl: server.url, key: server.key, lowBalanceThreshold: 5 });
    expect((await rpc('accounts.balance', { name: 'ds' })).balances[0]).toMatchObject({
      remaining: 20,
      currency: 'USD',
      low: true,
      cannotPay: true,
      holdings: [
        { currency: 'USD', remaining: 20, low: false },
        { currency: 'CNY', remaining: 100, low: false },
      ],
    });
  });

  it('deepseek in one currency has no holdings list', async () => {
    const server = await startBalanceSource('deepseek');
    closers.push(server.close);
    await rpc('accounts.add', { name: 'ds', kind: 'deepseek', baseUrl: server.url, key: server.key });
    expect((await rpc('accounts.balance', { name: 'ds' })).balances[0]).not.toHaveProperty('holdings');
  });

  it('a wrong key is refused at add time and nothing is stored', async () => {
    const server = await startBalanceSource('deepseek');
    closers.push(server.close);
    const err = await rpc('accounts.add', { name: 'ds', kind: 'deepseek', baseUrl: server.url, key: 'sk-wrong-key-123456' }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/^ds \(127\.0\.0\.1:\d+\) refused the credential \(Authentication Fails/);
    expect((err as Error).message).not.toContain('sk-wrong-key-123456');
    expect(await rpc('accounts.list', {})).toEqual([]);
  });

  it('a source answering without a balance names the address it expects, not "the base URL" the dashboard has no field for', async () => {
    const server = await startBalanceSource('deepseek', { balance: { currencies: [] } });
    closers.push(server.close);
    const err = await rpc('accounts.add', { name: 'ds', kind: 'deepseek', baseUrl: server.url, key: server.key }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/^ds \(127\.0\.0\.1:\d+\) answered \/user\/balance without a balance; check that the account's address is https:\/\/api\.deepseek\.com\.$/);
    expect(await rpc('accounts.list', {})).toEqual([]);
  });

  it('a console-only kind refuses a password', async () => {
    const err = await rpc('accounts.add', { name: 'ds', kind: 'deepseek', username: 'u', password: 'p' }).catch((e: Error) => e);
    expect((err as Error).message).toBe('A deepseek account uses an API key: pass --key KEY (or --key - to read it from standard input).');
  });
});
