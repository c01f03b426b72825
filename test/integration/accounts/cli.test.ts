import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless } from '../../../electron/headless';
import { startBalanceSource, startGateway, totpCode, QUOTA_PER_UNIT, type Gateway } from '../../fixtures/gateway';
import { freePort } from '../../helpers/freePort';
import { runSwitchboard } from '../../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../../helpers/tempEnv';
import { wallClockIn } from '../../helpers/timeZone';

let t: TempEnv;
let gateway: Gateway;
const PASSWORD = 'tester-password';
const outputs: string[] = [];

async function sb(args: string[], input?: string) {
  const result = await runSwitchboard(args, t.env, input);
  outputs.push(result.stdout, result.stderr);
  return result;
}

beforeAll(async () => {
  t = makeTempEnv();
  gateway = await startGateway();
});

afterAll(async () => {
  await gateway.close();
  t.cleanup();
});

describe('switchboard account and audit', () => {
  it('adds an account with the password from stdin and reads the balance as JSON', async () => {
    const add = await sb(['account', 'add', 'gw', '--base-url', gateway.url, '--username', 'tester', '--password', '-', '--low-balance', '200'], PASSWORD);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/^Added account gw \(new-api, http:\/\/127\.0\.0\.1:\d+, password as tester\)\./);
    gateway.defaultUser.usedQuota = 2.5 * QUOTA_PER_UNIT;
    const balance = await sb(['account', 'balance', 'gw', '--json']);
    expect(balance.code).toBe(0);
    expect(JSON.parse(balance.stdout)).toMatchObject({ account: 'gw', remaining: 100, used: 2.5, currency: 'USD', low: true, threshold: 200 });
    const human = await sb(['account', 'balance']);
    expect(human.stdout).toMatch(/^ACCOUNT\s+REMAINING\s+USED\s+WARNING\s+READ AT\n/);
    expect(human.stdout).toMatch(/gw\s+100\.00 USD\s+2\.50 USD\s+LOW \(< 200\)/);
  });

  it('refuses an address that is not a URL naming the site root to give, as the account is added by', async () => {
    const refused = await sb(['account', 'add', 'typo', '--base-url', 'gw example.com', '--username', 'tester', '--password', '-'], PASSWORD);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('switchboard: The gateway\'s address "gw example.com" is not a valid URL; use its site root, where its console opens, e.g. https://gw.example.com.\n');
  });

  it('an address carrying a user name or password names the flags the account signs in with, not --key of another way', async () => {
    const inAddress = gateway.url.replace('http://', 'http://tester:pw@');
    const said = "switchboard: The gateway's address must not carry a user name or password; ";
    const password = await sb(['account', 'add', 'inurl', '--base-url', inAddress, '--username', 'tester', '--password', '-'], PASSWORD);
    expect(password.code).toBe(2);
    expect(password.stderr).toBe(`${said}pass them with --username and --password instead.\n`);
    const token = await sb(['account', 'add', 'inurl', '--base-url', inAddress, '--access-token', '-', '--user-id', '1'], 'an-access-token');
    expect(token.stderr).toBe(`${said}sign in with --access-token and --user-id instead.\n`);
    const key = await sb(['account', 'add', 'inurl', '--base-url', inAddress, '--key', '-'], gateway.apiKey);
    expect(key.stderr).toBe(`${said}pass the key with --key instead.\n`);
    expect(JSON.parse((await sb(['account', 'list', '--json'])).stdout).map((a: { name: string }) => a.name)).not.toContain('inurl');
  });

  it('an access token without its user id names --user-id, the flag that gives it', async () => {
    const token = await sb(['account', 'add', 'tokened', '--base-url', gateway.url, '--access-token', '-'], gateway.defaultUser.accessToken);
    expect(token.code).toBe(2);
    expect(token.stderr).toBe('switchboard: An access token needs the user id it belongs to, shown in the console next to the token; pass the user id with --user-id N.\n');
  });

  it('an address that does not answer at add names --base-url, where it was typed', async () => {
    const closed = `127.0.0.1:${await freePort()}`;
    const down = await sb(['account', 'add', 'down', '--base-url', `http://${closed}`, '--username', 'tester', '--password', '-'], PASSWORD);
    expect(down.code).toBe(1);
    expect(down.stderr).toBe(`switchboard: Could not reach down (${closed}): the connection was refused; check the gateway's address (--base-url) and your network, then try again.\n`);
  });

  it('says what the low-balance warning is after a threshold is set or switched off', async () => {
    expect((await sb(['account', 'threshold', 'gw', '50'])).stdout).toBe('gw warns when its balance is below 50.\n');
    expect((await sb(['account', 'threshold', 'gw', 'off'])).stdout).toBe('gw has no low-balance warning now.\n');
    const negative = await sb(['account', 'threshold', 'gw', '-5']);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toBe('switchboard: -5 is a negative number, and no value of "switchboard account" can be below zero.\n');
    expect((await sb(['account', 'threshold', 'gw', '200'])).code).toBe(0);
  });

  it('an add refused by the gateway speaks of the credential given, adds nothing', async () => {
    const refused = await sb(['account', 'add', 'badtok', '--base-url', gateway.url, '--access-token', '-', '--user-id', '1'], 'not-a-real-access-token');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/^switchboard: badtok \(127\.0\.0\.1:\d+\) refused the credential \(/);
    expect((await sb(['account', 'list', '--json'])).stdout).not.toContain('badtok');
  });

  it('prints each currency of an account that holds several, and which of them is low', async () => {
    const deepseek = await startBalanceSource('deepseek', {
      balance: {
        currencies: [
          { currency: 'CNY', grantedBalance: 0, toppedUpBalance: 100 },
          { currency: 'USD', grantedBalance: 0, toppedUpBalance: 0.5 },
        ],
      },
    });
    try {
      expect((await sb(['account', 'add', 'ds', '--kind', 'deepseek', '--base-url', deepseek.url, '--key', '-', '--low-balance', '5'], deepseek.key)).code).toBe(0);
      const human = await sb(['account', 'balance', 'ds']);
      expect(human.stdout).toMatch(/ds\s+100\.00 CNY \+ 0\.50 USD\s+0\.00 CNY\s+USD LOW \(< 5\)/);
      expect((await sb(['account', 'rm', 'ds'])).code).toBe(0);
    } finally {
      await deepseek.close();
    }
  });

  it.each([
    { kind: 'deepseek' as const, said: 'a DeepSeek' },
    { kind: 'openrouter' as const, said: 'an OpenRouter' },
  ])('tells $said account asked for its keys or logs that it shows only its balance, not to add a login it cannot have', async ({ kind, said }) => {
    const source = await startBalanceSource(kind, {});
    try {
      expect((await sb(['account', 'add', 'bal', '--kind', kind, '--base-url', source.url, '--key', '-'], source.key)).code).toBe(0);
      for (const command of [['keys', 'bal'], ['logs', 'bal']]) {
        const refused = await sb(['account', ...command]);
        expect(refused.code).not.toBe(0);
        expect(refused.stderr).toMatch(new RegExp(`^switchboard: bal is ${said} account, which shows only its balance: keys, logs, groups and the audit are for new-api and one-api gateways' consoles\\.`));
      }
      expect((await sb(['account', 'rm', 'bal'])).code).toBe(0);
    } finally {
      await source.close();
    }
  });

  it('says an account is low because the gateway says its balance cannot pay for calls, with no threshold set', async () => {
    const deepseek = await startBalanceSource('deepseek', { balance: { isAvailable: false } });
    try {
      expect((await sb(['account', 'add', 'ds', '--kind', 'deepseek', '--base-url', deepseek.url, '--key', '-'], deepseek.key)).code).toBe(0);
      const human = await sb(['account', 'balance', 'ds']);
      expect(human.stdout).toMatch(/ds\s+110\.00 CNY\s+0\.00 CNY\s+LOW \(cannot pay for calls\)/);
      expect(JSON.parse((await sb(['account', 'balance', 'ds', '--json'])).stdout)).toMatchObject({ low: true, cannotPay: true, threshold: null });
      expect((await sb(['account', 'rm', 'ds'])).code).toBe(0);
    } finally {
      await deepseek.close();
    }
  });

  it('lists, creates and reveals keys, masked everywhere but reveal', async () => {
    const created = await sb(['account', 'keys', 'create', 'gw', 'ci', '--quota', '5', '--json']);
    expect(created.code).toBe(0);
    const record = gateway.keys().find((k) => k.name === 'ci')!;
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'ci', remaining: 5, key: `sk-…${record.key.slice(-4)}` });
    const list = await sb(['account', 'keys', 'gw']);
    expect(list.stdout).toMatch(/^ID\s+NAME\s+KEY\s+STATUS/);
    expect(list.stdout).toMatch(/ci\s+sk-…\w{4}\s+enabled\s+5\.00 USD/);
    expect((await sb(['account', 'keys', 'disable', 'gw', 'ci'])).stdout).toBe('Key ci is disabled.\n');
    const reveal = await sb(['account', 'keys', 'reveal', 'gw', 'ci']);
    expect(reveal.stdout.trim()).toBe(`sk-${record.key}`);
    outputs.pop();
    outputs.pop();
    const missing = await sb(['account', 'keys', 'delete', 'gw', 'no-such-key']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('switchboard: There is no key named "no-such-key" on gw; list its keys with "switchboard account keys gw".\n');
    const use = await sb(['account', 'keys', 'use', 'gw', 'default', '--provider', 'gwp']);
    expect(use.stdout).toMatch(/^Created provider gwp \(http:\/\/127\.0\.0\.1:\d+\/v1, key sk-…\w{4}, group ratio 1\)\./);
  });

  it('refuses a key asked to be both capped and unlimited, creating nothing', async () => {
    const before = gateway.keys().length;
    const both = await sb(['account', 'keys', 'create', 'gw', 'capped', '--quota', '5', '--unlimited']);
    expect(both.code).toBe(2);
    expect(both.stdout).toBe('');
    expect(both.stderr).toBe('switchboard: account keys create takes --quota N or --unlimited, not both; nothing was created.\n');
    expect(gateway.keys()).toHaveLength(before);
  });

  it('keys use refuses to put the key into a provider of another gateway, which would send it there, changing nothing', async () => {
    expect((await sb(['provider', 'add', 'elsewhere', '--base-url', 'https://other.example.com', '--key', 'sk-elsewhere-000000000001'])).code).toBe(0);
    const refused = await sb(['account', 'keys', 'use', 'gw', 'default', '--provider', 'elsewhere']);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      `switchboard: elsewhere is a provider of another gateway (other.example.com), and "keys use" would send gw's key there; give the new provider another name (--provider), or remove elsewhere first.\n`,
    );
    expect(JSON.parse((await sb(['provider', 'show', 'elsewhere', '--json'])).stdout)).toMatchObject({ baseUrl: 'https://other.example.com/v1', keys: ['sk-…0001'], groupRatio: 1 });
    expect((await sb(['provider', 'rm', 'elsewhere'])).code).toBe(0);
  });

  it('lists the groups under a header for every column, marking the account\'s own', async () => {
    const { stdout, code } = await sb(['account', 'groups', 'gw']);
    expect(code).toBe(0);
    const [header, ...rows] = stdout.trimEnd().split('\n');
    expect(header.split(/\s{2,}/)).toEqual(['GROUP', 'RATIO', 'DESCRIPTION', 'CURRENT']);
    expect(rows.find((r) => r.startsWith('default '))).toMatch(/\s{2}the account's group$/);
    expect(rows.find((r) => r.startsWith('vip '))).not.toContain("the account's group");
  });

  it('--expires takes a date that lasts through that local day, and refuses a number or a past time creating nothing', async () => {
    const env = { ...t.env, TZ: 'Asia/Kolkata' };
    const year = new Date().getFullYear() + 1;
    const created = await runSwitchboard(['account', 'keys', 'create', 'gw', 'yearly', '--expires', `${year}-12-31`, '--json'], env);
    expect(created.stderr).toBe('');
    expect(JSON.parse(created.stdout).expiresAt).toBe(Date.parse(`${year}-12-31T23:59:59+05:30`));
    expect((await runSwitchboard(['account', 'keys', 'gw'], env)).stdout).toMatch(new RegExp(`yearly\\s.*\\s${year}-12-31 23:59\\s`));
    const days = await sb(['account', 'keys', 'create', 'gw', 'weekly', '--expires', '7']);
    expect(days.code).toBe(2);
    expect(days.stderr).toBe('switchboard: --expires takes a date (2026-12-31: the key works through that local day) or a local date-time (2026-12-31 18:00), not "7".\n');
    const past = await sb(['account', 'keys', 'create', 'gw', 'stale', '--expires', '2020-01-01']);
    expect(past.code).toBe(2);
    expect(past.stderr).toMatch(/^switchboard: --expires 2020-01-01 is already past \(2020-01-01 23:59 local time\); give a later date or time\.\n$/);
    expect(gateway.keys().map((k) => k.name)).not.toContain('weekly');
    expect(gateway.keys().map((k) => k.name)).not.toContain('stale');
  });

  it('audits as JSON and in a table', async () => {
    gateway.billPhantomCall({ model: 'gpt-5.4', promptTokens: 1000, completionTokens: 100 });
    const json = await sb(['audit', '--account', 'gw', '--since', '7d', '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.totals).toMatchObject({ gatewayCalls: 1, discrepancies: 1, byIssue: { not_made_by_proxy: 1 } });
    // The JSON keeps the sentences it always printed, though the report carries each note as a code and its figures.
    expect(report.calls.map((c: { notes: unknown }) => c.notes)).toEqual([['The gateway billed a gpt-5.4 call that the proxy never made.']]);
    expect(report.incomplete).toBeNull();
    const human = await sb(['audit', '--account', 'gw']);
    expect(human.stdout).toMatch(/not_made_by_proxy\s+The gateway billed a gpt-5\.4 call that the proxy never made\./);
  });

  it('says the audit of an account no provider uses saw none of its calls, as the dashboard does, and how to make one', async () => {
    const unused = await startGateway();
    try {
      unused.billPhantomCall({ model: 'gpt-5.4', promptTokens: 100, completionTokens: 10 });
      expect((await sb(['account', 'add', 'unused', '--base-url', unused.url, '--username', 'tester', '--password', '-'], PASSWORD)).code).toBe(0);
      const audit = await sb(['audit', '--account', 'unused']);
      expect(audit.code).toBe(0);
      const lines = audit.stdout.split('\n');
      expect(lines[lines.findIndex((l) => l.startsWith('total')) + 1]).toBe(
        'No provider uses the keys of unused yet, so the proxy saw none of its calls: make one with "switchboard account keys use unused <key>".',
      );
      // Once one does, the sentence is gone.
      expect((await sb(['audit', '--account', 'gw'])).stdout).not.toContain('No provider uses');
    } finally {
      await sb(['account', 'rm', 'unused']);
      await unused.close();
    }
  });

  it('refuses a --since that is not a time window in the one sentence usage says it with', async () => {
    for (const args of [['account', 'logs', 'gw'], ['audit', '--account', 'gw'], ['usage']]) {
      const refused = await sb([...args, '--since', 'fortnight']);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toBe('switchboard: "fortnight" is not a time window; use something like 30m, 24h, 7d, 4w, today or 2026-11-01.\n');
    }
  });

  it('shows a call charged less than a cent to the millionth, and refuses page 0', async () => {
    const { items } = JSON.parse((await sb(['account', 'logs', 'gw', '--json'])).stdout) as { items: { model: string; amount: number }[] };
    const { amount } = items.find((l) => l.model === 'gpt-5.4')!;
    expect(amount).toBeGreaterThan(0);
    expect(amount).toBeLessThan(0.01);
    // Every figure of the charge, to the millionth: not rounded to 0.0000 or to four decimals.
    const shown = /gpt-5\.4\s.*\s(\d+\.\d{4,6}) USD\s/.exec((await sb(['account', 'logs', 'gw'])).stdout);
    expect(Number(shown?.[1])).toBe(Math.round(amount * 1e6) / 1e6);
    // The gateway's prompt and completion tokens, under the names every other table gives tokens.
    expect((await sb(['account', 'logs', 'gw'])).stdout.split('\n')[0].split(/\s{2,}/)).toEqual(['TIME', 'MODEL', 'KEY', 'INPUT', 'OUTPUT', 'CHARGED', 'REQUEST ID']);
    const first = await sb(['account', 'logs', 'gw', '--page', '0']);
    expect(first.code).toBe(2);
    expect(first.stderr).toBe('switchboard: --page takes a whole number of 1 or more, not "0".\n');
  });

  it('refuses a --page past the last page in one sentence naming the pages there are, with or without --json', async () => {
    const { total } = JSON.parse((await sb(['account', 'logs', 'gw', '--json'])).stdout) as { total: number };
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(50);
    const calls = `${total} call${total === 1 ? '' : 's'}`;
    for (const json of [[], ['--json']]) {
      const past = await sb(['account', 'logs', 'gw', '--page', '99', ...json]);
      expect(past.code).toBe(2);
      expect(past.stdout).toBe('');
      expect(past.stderr).toBe(`switchboard: --page 99 is past the last page of gw's logs in this window: there is only page 1 (${calls}).\n`);
    }
    expect((await sb(['account', 'logs', 'gw', '--page', '1'])).stdout).toMatch(new RegExp(`\\nPage 1 of 1 \\(${calls}\\)\\.\\n$`));
  });

  it('says it cannot judge the charge of calls the ledger has no price for, instead of reporting no overcharge', async () => {
    // gwp (made from the account's key) has no prices: its call is in the ledger without one.
    const running = await startHeadless({ env: t.env, port: await freePort() });
    try {
      await running.app.handlers['routes.promote']({ client: 'chat', provider: 'gwp', dryRun: false, check: false });
      const reply = await fetch(`${running.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${running.app.tokens.ensure('chat')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-5.4', messages: [{ role: 'user', content: 'unpriced' }] }),
      });
      expect(reply.status).toBe(200);
      await reply.text();
    } finally {
      await running.close();
    }
    const report = JSON.parse((await sb(['audit', '--account', 'gw', '--since', '7d', '--json'])).stdout);
    // The only overcharge is the earlier call the proxy never made; the unpriced call is not judged.
    expect(report.totals).toMatchObject({ matched: 1, unpricedCalls: 1, expectedUsd: 0, byIssue: { not_made_by_proxy: 1 } });
    expect(report.calls.find((c: { ledger: unknown }) => c.ledger).ledger.costUsd).toBeNull();
    const human = (await sb(['audit', '--account', 'gw', '--since', '7d'])).stdout;
    expect(human).toMatch(/total\s+2\s+1\s+1\s+1\s+\$\d\.\d+\s+no price\s+\$\d\.\d+ \(1 not judged\)/);
    expect(human).toContain('1 of the 1 matched calls have no price in the ledger, so the audit cannot judge what they were charged');
  }, 120_000);

  it('shows the gateway\'s call times on the local clock, the one the audit files them by', async () => {
    const zone = 'Asia/Kolkata';
    // 20:00 UTC yesterday is already today in Kolkata: a UTC time would sit under the wrong day.
    const at = Math.floor(Date.now() / 86_400_000) * 86_400 - 4 * 3600;
    gateway.billPhantomCall({ model: 'gpt-5.4-mini', promptTokens: 10, completionTokens: 10, at });
    const local = wallClockIn(zone, at * 1000);
    const env = { ...t.env, TZ: zone };
    // Up to 28 hours ago, past the logs' default day: the window is named.
    const logs = await runSwitchboard(['account', 'logs', 'gw', '--model', 'gpt-5.4-mini', '--since', '7d'], env);
    expect(logs.stdout).toMatch(new RegExp(`^${local}\\s+gpt-5\\.4-mini\\s`, 'm'));
    const audit = await runSwitchboard(['audit', '--account', 'gw', '--since', '7d'], env);
    expect(audit.stdout).toMatch(new RegExp(`^${local.slice(0, 10)}\\s+\\d+\\s`, 'm'));
    expect(audit.stdout).not.toMatch(new RegExp(`^${new Date(at * 1000).toISOString().slice(0, 10)}`, 'm'));
    expect(audit.stdout).toMatch(new RegExp(`^${local}\\s+not_made_by_proxy\\s+The gateway billed a gpt-5\\.4-mini call`, 'm'));
  });

  it('groups the logs footer\'s call count in thousands, as the table\'s own counts are', async () => {
    for (let i = 0; i < 1200; i++) gateway.billPhantomCall({ model: 'gpt-5.4-nano', promptTokens: 1, completionTokens: 1 });
    const logs = await sb(['account', 'logs', 'gw', '--model', 'gpt-5.4-nano']);
    expect(logs.stderr).toBe('');
    expect(logs.stdout).toMatch(/\nPage 1 of \d+ \(1,200 calls\)\.\n$/);
  });

  it('fails in one sentence with a non-zero exit when the gateway is down', async () => {
    await gateway.setOffline(true);
    const down = await sb(['account', 'balance', 'gw', '--json']);
    await gateway.setOffline(false);
    expect(down.code).toBe(1);
    expect(down.stdout).toBe('');
    // A saved account's address is not a flag of balance: the way out says where to read it.
    expect(down.stderr).toMatch(
      /^switchboard: Could not reach gw \(127\.0\.0\.1:\d+\): the connection was refused; check the gateway's address \("switchboard account list" shows it\) and your network, then try again\.\n$/,
    );
    const missing = await sb(['audit']);
    expect(missing.code).toBe(2);
  });

  it('a refused login names the login command to run again, not an add of an account that exists', async () => {
    const wrong = await sb(['account', 'login', 'gw', '--password', '-'], 'not-the-password');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^switchboard: gw \(127\.0\.0\.1:\d+\) refused the sign-in \(.+\); check the username and password in the gateway's console, then run "switchboard account login gw --password -"\.\n$/);
    const user = gateway.addUser({ username: 'guarded', password: 'guarded-password', twoFactor: true });
    const add = await sb(['account', 'add', 'guarded', '--base-url', gateway.url, '--username', 'guarded', '--password', '-', '--otp', totpCode(user.twoFactorSecret!)], 'guarded-password');
    expect(add.code).toBe(0);
    const again = await sb(['account', 'login', 'guarded']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/asks for a two-factor code; run "switchboard account login guarded --otp CODE" with the code from your authenticator app\.\n$/);
    const newPassword = await sb(['account', 'login', 'guarded', '--password', '-'], 'guarded-password');
    expect(newPassword.stderr).toContain('run "switchboard account login guarded --password - --otp CODE"');
    expect((await sb(['account', 'rm', 'guarded'])).code).toBe(0);
  });

  it('a key-only account signed in again with a password is told how to change the way it signs in, and keeps its key', async () => {
    expect((await sb(['account', 'add', 'keyonly', '--base-url', gateway.url, '--key', '-'], gateway.apiKey)).code).toBe(0);
    const login = await sb(['account', 'login', 'keyonly', '--password', '-'], PASSWORD);
    expect(login.code).toBe(2);
    expect(login.stderr).toBe('switchboard: keyonly signs in with key; remove and add the account again to change how it signs in.\n');
    const audit = await sb(['audit', '--account', 'keyonly']);
    expect(audit.stderr).toBe(
      'switchboard: keyonly is a key-only account: keys, logs, groups and the audit need a console login; add the gateway again under another name with --username and --password (or --access-token and --user-id).\n',
    );
    const [kept] = JSON.parse((await sb(['account', 'list', '--json'])).stdout).filter((a: { name: string }) => a.name === 'keyonly');
    expect(kept).toMatchObject({ auth: 'key', credential: `sk-…${gateway.apiKey.slice(-4)}` });
    expect((await sb(['account', 'rm', 'keyonly'])).code).toBe(0);
  });

  it('never printed the password, the access token or a whole key outside "keys reveal"', () => {
    const all = outputs.join('\n');
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(gateway.defaultUser.accessToken);
    for (const k of gateway.keys()) expect(all).not.toContain(k.key);
  });
});
