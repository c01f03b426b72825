import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelInput, Channel } from '../../../shared/contract';
import { accountCommands } from '../../../electron/cliAccounts';
import { call } from '../../../electron/cliCommon';
import { cliMessage } from '../../../electron/cliRemedy';
import type { SwitchboardError } from '../../../electron/core/errors';
import { maskSecret } from '../../../shared/mask';
import { startGateway, QUOTA_PER_UNIT, type Gateway } from '../../fixtures/gateway';
import { makeTempEnv, type TempEnv } from '../../helpers/tempEnv';
import { makeTestApp } from '../../helpers/testApp';

let t: TempEnv;
let app: ReturnType<typeof makeTestApp>;
let gateway: Gateway;

const rpc = <C extends Channel>(channel: C, input: ChannelInput<C>) => call(app, channel, input);

async function failure(promise: Promise<unknown>): Promise<SwitchboardError> {
  try {
    await promise;
  } catch (err) {
    return err as SwitchboardError;
  }
  throw new Error('expected a failure');
}

/** One sentence: a single full stop at the end, no line breaks. */
const oneSentence = (message: string) => /^[^\n]+\.$/.test(message) && !/\.\s+[A-Z]/.test(message.replace(/e\.g\./g, ''));

const addTester = (name = 'gw', extra: Partial<ChannelInput<'accounts.add'>> = {}) =>
  rpc('accounts.add', { name, kind: gateway.flavour, baseUrl: gateway.url, username: 'tester', password: 'tester-password', ...extra });

beforeEach(() => {
  t = makeTempEnv();
  app = makeTestApp(t);
});

afterEach(async () => {
  app.close();
  await gateway?.close();
  t.cleanup();
});

describe('new-api console accounts', () => {
  beforeEach(async () => {
    gateway = await startGateway({ flavour: 'new-api' });
  });

  it('signs in with a password, reads the balance in USD, and warns below the threshold', async () => {
    const account = await addTester('gw', { lowBalanceThreshold: 150 });
    expect(account).toMatchObject({ name: 'gw', auth: 'password', username: 'tester', userId: gateway.defaultUser.id });
    expect(JSON.stringify(account)).not.toContain('tester-password');
    gateway.defaultUser.usedQuota = 5 * QUOTA_PER_UNIT;
    const { balances } = await rpc('accounts.balance', { name: 'gw' });
    expect(balances[0]).toMatchObject({ remaining: 100, used: 5, currency: 'USD', low: true, threshold: 150, source: '/api/user/self' });
    await rpc('accounts.setThreshold', { name: 'gw', threshold: 10 });
    expect((await rpc('accounts.balance', {})).balances[0].low).toBe(false);
  });

  it('refuses a wrong password in one sentence and stores nothing', async () => {
    const err = await failure(rpc('accounts.add', { name: 'gw', baseUrl: gateway.url, username: 'tester', password: 'wrong-secret-pw' }));
    expect(err.code).toBe('key_rejected');
    expect(err.message).toMatch(/^gw \(127\.0\.0\.1:\d+\) refused the sign-in/);
    // The way out is a remedy each edge words itself; on the command line, the account was never
    // saved, so the advice is the add again, not a login to an account that does not exist.
    expect(err.remedy).toMatchObject({ kind: 'sign_in', credential: 'password' });
    expect(err.message).not.toContain('switchboard');
    expect(cliMessage(err, 'account')).toMatch(/then run "switchboard account add gw --kind new-api --base-url http:\/\/127\.0\.0\.1:\d+ --username tester --password -"\.$/);
    expect(cliMessage(err, 'account')).not.toContain('account login');
    expect(err.message).not.toContain('wrong-secret-pw');
    expect(oneSentence(err.message)).toBe(true);
    expect(await rpc('accounts.list', {})).toEqual([]);
  });

  it('masks the password when the gateway quotes it in its refusal to sign in', async () => {
    gateway.override({ method: 'POST', path: '/api/user/login' }, { kind: 'error', status: 200, body: { success: false, message: 'bad password wrong-secret-pw' } });
    const err = await failure(rpc('accounts.add', { name: 'gw', baseUrl: gateway.url, username: 'tester', password: 'wrong-secret-pw' }));
    expect(err.message).toContain('refused the sign-in (bad password …t-pw)');
    expect(err.message).not.toContain('wrong-secret-pw');
  });

  it('asks for the 2FA code, then signs in with it', async () => {
    const user = gateway.addUser({ username: 'secure', password: 'secure-password', twoFactor: true });
    const err = await failure(rpc('accounts.add', { name: 'sec', baseUrl: gateway.url, username: 'secure', password: 'secure-password' }));
    expect(err.remedy).toMatchObject({ kind: 'sign_in', credential: 'otp' });
    expect(cliMessage(err, 'account')).toMatch(/asks for a two-factor code; run "switchboard account add sec --kind new-api --base-url http:\/\/127\.0\.0\.1:\d+ --username secure --password - --otp CODE"/);
    const wrong = await failure(rpc('accounts.add', { name: 'sec', baseUrl: gateway.url, username: 'secure', password: 'secure-password', otp: '000000' }));
    expect(wrong.message).toMatch(/two-factor code/);
    const account = await rpc('accounts.add', { name: 'sec', baseUrl: gateway.url, username: 'secure', password: 'secure-password', otp: gateway.twoFactorCode(user.id) });
    expect(account.userId).toBe(user.id);
    expect((await rpc('accounts.balance', { name: 'sec' })).balances[0].remaining).toBeGreaterThanOrEqual(0);
  });

  it('signs in again when the session has expired', async () => {
    await addTester();
    const logins = () => gateway.requests.filter((r) => r.path === '/api/user/login').length;
    expect(logins()).toBe(1);
    await rpc('accounts.keys.list', { account: 'gw' });
    expect(logins()).toBe(1);
    gateway.expireSessions();
    expect(await rpc('accounts.keys.list', { account: 'gw' })).toHaveLength(1);
    expect(logins()).toBe(2);
    const consoleCalls = gateway.requests.filter((r) => r.path === '/api/token/');
    expect(consoleCalls.every((r) => r.headers['new-api-user'] === String(gateway.defaultUser.id))).toBe(true);
  });

  it('says a rotated access token must be replaced, keeps the stored one, and takes the new one', async () => {
    const user = gateway.defaultUser;
    const original = user.accessToken;
    await rpc('accounts.add', { name: 'tok', baseUrl: `${gateway.url}/v1/`, accessToken: user.accessToken, userId: user.id });
    const fresh = gateway.rotateAccessToken(user.id);
    const err = await failure(rpc('accounts.balance', { name: 'tok' }));
    expect(err.code).toBe('key_rejected');
    expect(cliMessage(err, 'account')).toMatch(/^tok \(127\.0\.0\.1:\d+\) refused the credential .*access token was probably regenerated.*switchboard account login tok --access-token -"\.$/);
    expect(oneSentence(err.message)).toBe(true);
    const [kept] = await rpc('accounts.list', {});
    expect(kept.credential).toBe(maskSecret(original));
    const bad = await failure(rpc('accounts.login', { name: 'tok', accessToken: 'not-the-token' }));
    expect(bad.code).toBe('key_rejected');
    expect((await rpc('accounts.list', {}))[0].credential).toBe(kept.credential);
    await rpc('accounts.login', { name: 'tok', accessToken: fresh });
    expect((await rpc('accounts.balance', { name: 'tok' })).balances[0].currency).toBe('USD');
  });

  it('manages keys: create, list masked, disable, enable, group, reveal, delete', async () => {
    await addTester();
    const created = await rpc('accounts.keys.create', { account: 'gw', name: 'ci', quota: 3, group: 'vip', models: ['gpt-5.4'], expiresAt: Date.UTC(2030, 0, 1) });
    expect(created).toMatchObject({ name: 'ci', status: 'enabled', remaining: 3, unlimited: false, group: 'vip', models: ['gpt-5.4'], expiresAt: Date.UTC(2030, 0, 1) });
    const record = gateway.keys().find((k) => k.name === 'ci')!;
    expect(created.key).toBe(`sk-…${record.key.slice(-4)}`);
    const listed = await rpc('accounts.keys.list', { account: 'gw' });
    expect(listed.map((k) => k.name).sort()).toEqual(['ci', 'default']);
    expect(JSON.stringify(listed)).not.toContain(record.key);

    expect((await rpc('accounts.keys.setEnabled', { account: 'gw', key: 'ci', enabled: false })).status).toBe('disabled');
    expect(record.status).toBe(2);
    expect((await rpc('accounts.keys.setEnabled', { account: 'gw', key: created.id, enabled: true })).status).toBe('enabled');
    const regrouped = await rpc('accounts.keys.setGroup', { account: 'gw', key: 'ci', group: 'default' });
    expect(regrouped).toMatchObject({ group: 'default', remaining: 3, models: ['gpt-5.4'] });
    expect((await failure(rpc('accounts.keys.setGroup', { account: 'gw', key: 'ci', group: 'nope' }))).message).toMatch(/no group "nope"/);

    const revealed = await rpc('accounts.keys.reveal', { account: 'gw', key: 'ci' });
    expect(revealed.key).toBe(`sk-${record.key}`);
    expect(await rpc('accounts.keys.delete', { account: 'gw', key: 'ci' })).toEqual({ deleted: record.id, name: 'ci' });
    expect(gateway.keys().some((k) => k.name === 'ci')).toBe(false);
  });

  it('"use this key" creates a provider with the group ratio, then updates it', async () => {
    await addTester();
    gateway.addKey({ name: 'vip-key', group: 'vip' });
    const used = await rpc('accounts.keys.use', { account: 'gw', key: 'vip-key' });
    expect(used).toMatchObject({ created: true, groupRatio: 0.8 });
    expect(used.provider).toMatchObject({ name: 'gw', baseUrl: `${gateway.url}/v1`, groupRatio: 0.8 });
    const provider = app.providers.resolve('gw');
    expect(provider.keys).toEqual([`sk-${gateway.keys().find((k) => k.name === 'vip-key')!.key}`]);
    const again = await rpc('accounts.keys.use', { account: 'gw', key: 'default' });
    expect(again).toMatchObject({ created: false, groupRatio: 1 });
    expect(app.providers.resolve('gw').keys).toEqual([gateway.apiKey]);
    expect((await rpc('accounts.list', {}))[0].providers).toEqual(['gw']);
  });

  it('a key moved to another group takes the providers made from it along, priced at the new group\'s ratio', async () => {
    await addTester();
    gateway.addKey({ name: 'team' });
    await rpc('accounts.keys.use', { account: 'gw', key: 'team', provider: 'from-key' });
    await rpc('providers.add', { name: 'by-hand', baseUrl: `${gateway.url}/v1`, key: gateway.apiKey, groupRatio: 1 });
    expect(app.providers.resolve('from-key').groupRatio).toBe(1);

    const out: string[] = [];
    const io = { out: (text: string) => out.push(text), err: (text: string) => out.push(text), env: t.env, stdin: async () => '' };
    await accountCommands.account(app, ['keys', 'group', 'gw', 'team', 'vip'], io);
    expect(out).toEqual(["Key team now bills in group vip; provider from-key now prices its calls at the group's ratio, 0.8."]);
    expect(app.providers.resolve('from-key').groupRatio).toBe(0.8);
    // A provider only pointing at the same gateway bills with its own key: left as it was.
    expect(app.providers.resolve('by-hand').groupRatio).toBe(1);
    // The gateway's prices come in at the key's new group too.
    expect((await rpc('accounts.pricing', { account: 'gw' })).applied).toContainEqual({ provider: 'from-key', models: expect.any(Number), groupRatio: 0.8 });

    // Back to the user's own group (default, ratio 1).
    const back = await rpc('accounts.keys.setGroup', { account: 'gw', key: 'team', group: '' });
    expect(back.repriced).toEqual([{ provider: 'from-key', groupRatio: 1 }]);
    expect(app.providers.resolve('from-key').groupRatio).toBe(1);
  });

  it('pages through every key and filters logs', async () => {
    await addTester();
    for (let i = 0; i < 120; i++) gateway.addKey({ name: `k${i}` });
    expect(await rpc('accounts.keys.list', { account: 'gw' })).toHaveLength(121);
    const now = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 7; i++) gateway.billPhantomCall({ model: i % 2 ? 'gpt-5.4' : 'claude-haiku-4-5', promptTokens: 100 + i, completionTokens: 10, at: now - i * 60 });
    gateway.billPhantomCall({ model: 'gpt-5.4', promptTokens: 1, completionTokens: 1, at: now - 3 * 86_400 });
    const first = await rpc('accounts.logs', { account: 'gw', since: '24h', pageSize: 5 });
    expect(first).toMatchObject({ total: 7, page: 1, pageSize: 5, currency: 'USD' });
    expect(first.items).toHaveLength(5);
    expect(first.items[0]).toMatchObject({ type: 'consume', promptTokens: 106, tokenName: 'default' });
    expect((await rpc('accounts.logs', { account: 'gw', since: '24h', pageSize: 5, page: 2 })).items).toHaveLength(2);
    const gpt = await rpc('accounts.logs', { account: 'gw', since: '7d', model: 'gpt-5.4' });
    expect(gpt.items.every((l) => l.model === 'gpt-5.4')).toBe(true);
    expect(gpt.total).toBe(4);
  });

  it('lists groups and feeds the gateway prices into the linked provider', async () => {
    await addTester();
    gateway.addKey({ name: 'vip-key', group: 'vip' });
    await rpc('accounts.keys.use', { account: 'gw', key: 'vip-key' });
    const groups = await rpc('accounts.groups', { account: 'gw' });
    expect(groups).toContainEqual({ name: 'vip', ratio: 0.8, description: 'VIP 分组', current: false });
    expect(groups.find((g) => g.current)?.name).toBe('default');
    const pricing = await rpc('accounts.pricing', { account: 'gw' });
    expect(pricing.models.find((m) => m.model === 'gpt-5.4')).toMatchObject({ input: 2.5, output: 15, perCall: null });
    expect(pricing.models.find((m) => m.model === 'gpt-image-1')).toMatchObject({ perCall: 0.04, input: null });
    // Ratio arithmetic without float noise: 3 x 0.1 is 0.3, not 0.30000000000000004.
    expect(pricing.models.find((m) => m.model === 'claude-sonnet-4-6')).toMatchObject({ input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
    expect(pricing.models.find((m) => m.model === 'deepseek-chat')).toMatchObject({ output: 0.42 });
    expect(pricing.applied).toEqual([{ provider: 'gw', models: expect.any(Number), groupRatio: 0.8 }]);
    const stored = await rpc('prices.list', { provider: 'gw' });
    expect(stored.find((p) => p.model === 'gpt-5.4')).toMatchObject({ input: 2.5, output: 15, source: 'gateway' });
  });
});

describe('older new-api releases', () => {
  beforeEach(async () => {
    gateway = await startGateway({ flavour: 'new-api', legacyKeyList: true });
  });

  it('lists every key when the key list is a bare array paged from p=0, reveals keys listed whole, and keeps {items, total} logs from p=1', async () => {
    await addTester();
    for (let i = 0; i < 24; i++) gateway.addKey({ name: `k${i}` });
    const keys = await rpc('accounts.keys.list', { account: 'gw' });
    expect(keys.map((k) => k.name).sort()).toEqual(gateway.keys().map((k) => k.name).sort());
    expect(keys).toHaveLength(25);
    // Listed whole, so revealed without the reveal route those releases lack, and masked in the listing.
    for (const record of gateway.keys()) expect(JSON.stringify(keys)).not.toContain(record.key);
    const revealed = await rpc('accounts.keys.reveal', { account: 'gw', key: 'k3' });
    expect(revealed.key).toBe(`sk-${gateway.keys().find((k) => k.name === 'k3')!.key}`);
    expect(gateway.requests.some((r) => /\/api\/token\/\d+\/key/.test(r.path))).toBe(false);

    const now = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 7; i++) gateway.billPhantomCall({ model: 'gpt-5.4', promptTokens: 100 + i, completionTokens: 10, at: now - i * 60 });
    const second = await rpc('accounts.logs', { account: 'gw', since: '1h', pageSize: 5, page: 2 });
    expect(second).toMatchObject({ total: 7, page: 2 });
    expect(second.items.map((l) => l.promptTokens)).toEqual([101, 100]);
  });
});

describe('one-api console accounts', () => {
  beforeEach(async () => {
    gateway = await startGateway({ flavour: 'one-api', itemsPerPage: 3 });
  });

  it('reads bare-array pages from p=0 and keeps whole keys out of listings', async () => {
    await addTester();
    for (let i = 0; i < 7; i++) gateway.addKey({ name: `k${i}` });
    const keys = await rpc('accounts.keys.list', { account: 'gw' });
    expect(keys).toHaveLength(8);
    for (const record of gateway.keys()) expect(JSON.stringify(keys)).not.toContain(record.key);
    const revealed = await rpc('accounts.keys.reveal', { account: 'gw', key: 'k3' });
    expect(revealed.key).toBe(`sk-${gateway.keys().find((k) => k.name === 'k3')!.key}`);
    expect(gateway.requests.some((r) => /\/api\/token\/\d+\/key/.test(r.path))).toBe(false);

    const now = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 4; i++) gateway.billPhantomCall({ model: 'gpt-5.4', promptTokens: 10, completionTokens: 10, at: now - i });
    const logs = await rpc('accounts.logs', { account: 'gw', since: '1h', page: 2 });
    expect(logs).toMatchObject({ total: null });
    expect(logs.items).toHaveLength(1);
    expect(gateway.requests.some((r) => r.path === '/api/log/self' && r.query.p === '1')).toBe(true);
    expect((await failure(rpc('accounts.keys.setGroup', { account: 'gw', key: 'k1', group: 'vip' }))).message).toMatch(/one-api gateway: its keys have no group/);
    expect(await rpc('accounts.groups', { account: 'gw' })).toEqual([{ name: 'default', ratio: 1, description: '', current: true }]);
  });
});

describe('a key list longer than Switchboard reads', () => {
  beforeEach(async () => {
    // one-api hands out pages of a size it fixes: one key a page makes the 500 pages read hold 500 keys.
    gateway = await startGateway({ flavour: 'one-api', itemsPerPage: 1 });
  });

  it('says the list is partial, on the command line too, and a lookup that misses says the key may be among those not read', async () => {
    await addTester();
    // With the default key, exactly as many as the pages hold: the next page is empty, so the list is whole.
    for (let i = 0; i < 499; i++) gateway.addKey({ name: `k${i}` });
    expect(await rpc('accounts.keys.listing', { account: 'gw' })).toMatchObject({ keys: { length: 500 }, partial: null });

    // One more: the oldest key, "default", is past the pages read (the list runs newest first).
    gateway.addKey({ name: 'newest' });
    const listing = await rpc('accounts.keys.listing', { account: 'gw' });
    expect(listing.keys).toHaveLength(500);
    expect(listing.keys.map((k) => k.name)).not.toContain('default');
    expect(listing.partial).toMatch(/^gw \(127\.0\.0\.1:\d+\) lists more than 500 keys and Switchboard read only the first 500; manage the others in the gateway's console\.$/);
    // The array channel keeps its shape for the callers that read it.
    expect(await rpc('accounts.keys.list', { account: 'gw' })).toEqual(listing.keys);

    const cut = listing.partial!.replace(/; manage the others.*$/, '');
    const byName = await failure(rpc('accounts.keys.reveal', { account: 'gw', key: 'default' }));
    expect(byName.code).toBe('not_found');
    expect(byName.message).toBe(`${cut}, none of them the key named "default"; it may be among the others: manage it in the gateway's console.`);
    expect(oneSentence(byName.message)).toBe(true);
    const defaultId = gateway.keys().find((k) => k.name === 'default')!.id;
    const byId = await failure(rpc('accounts.keys.setEnabled', { account: 'gw', key: defaultId, enabled: false }));
    expect(byId.message).toBe(`${cut}, none of them the key with id ${defaultId}; it may be among the others: manage it in the gateway's console.`);

    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (text: string) => out.push(text), err: (text: string) => err.push(text), env: t.env, stdin: async () => '' };
    await accountCommands.account(app, ['keys', 'gw'], io);
    expect(out[0].split('\n')[0]).toBe(listing.partial);
    expect(out[0].split('\n')[1]).toMatch(/^ID\s+NAME\s+KEY/);
    // --json keeps the array on stdout and says the list is partial on stderr.
    await accountCommands.account(app, ['keys', 'gw', '--json'], io);
    expect(JSON.parse(out[1])).toHaveLength(500);
    expect(err).toEqual([`switchboard: warning: ${listing.partial}`]);
  }, 60_000);
});

describe('gateway failures', () => {
  beforeEach(async () => {
    gateway = await startGateway();
  });

  it('each give one sentence naming the gateway and what to do, and keep the stored credential', async () => {
    await addTester();
    const stored = () => app.db.prepare('SELECT credential, session FROM accounts').get();
    const before = stored();

    let remove = gateway.override({ path: '/api/user/self' }, { kind: 'html', status: 200, title: 'Just a moment...' });
    const html = await failure(rpc('accounts.balance', { name: 'gw' }));
    expect(html.message).toMatch(/^gw \(127\.0\.0\.1:\d+\) answered \/api\/user\/self with a web page instead of JSON \(a login page or a Cloudflare challenge\)/);
    // Read on the command line (--base-url) and in the dashboard (its "Console address" field) alike: it names the address, not one surface's word for it.
    expect(html.message).toMatch(/; check that the gateway's address is its site root \(where its console opens\) and open it in a browser once, then try again\.$/);
    expect(html.message).not.toContain('base URL');
    remove();

    remove = gateway.override({ path: '/api/user/self' }, { kind: 'error', status: 200, body: { success: false, message: 'maintenance' } });
    const refused = await failure(rpc('accounts.balance', { name: 'gw' }));
    expect(refused.message).toMatch(/^gw \(127\.0\.0\.1:\d+\) refused to show the account: maintenance; /);
    remove();

    await gateway.setOffline(true);
    const offline = await failure(rpc('accounts.balance', { name: 'gw' }));
    expect(offline.code).toBe('gateway_unreachable');
    expect(offline.message).toMatch(/^Could not reach gw \(127\.0\.0\.1:\d+\): the connection was refused\.$/);
    // Where to check the address is each edge's to say: a saved account's is on its card, or in account list.
    expect(offline.remedy).toEqual({ kind: 'check_address', of: 'account', name: 'gw' });
    const all = await rpc('accounts.balance', {});
    expect(all.failures).toEqual([{ account: 'gw', code: 'gateway_unreachable', message: offline.message, remedy: offline.remedy }]);
    await gateway.setOffline(false);

    remove = gateway.override({ path: '/api/user/self' }, { kind: 'error', status: 404, body: { message: 'Not Found' } });
    const missing = await failure(rpc('accounts.balance', { name: 'gw' }));
    expect(missing.message).toMatch(/^gw \(127\.0\.0\.1:\d+\) has no \/api\/user\/self \(HTTP 404\); check the account's kind and that the gateway's address is its site root \(where its console opens\)\.$/);
    remove();

    for (const err of [html, refused, missing]) {
      expect(oneSentence(err.message)).toBe(true);
      expect(err.message).not.toContain('tester-password');
    }
    expect(stored()).toEqual(before);
    expect((await rpc('accounts.balance', { name: 'gw' })).balances[0].remaining).toBe(100);
  });

  it('an HTML sign-in page at add time stores nothing', async () => {
    gateway.override({ path: '/api/user/login' }, { kind: 'html', status: 200, title: 'Login' });
    const err = await failure(addTester());
    expect(err.message).toMatch(/web page instead of JSON/);
    expect(await rpc('accounts.list', {})).toEqual([]);
  });
});
