import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless } from '../../electron/headless';
import { maskSecret } from '../../shared/mask';
import { startGateway, type Gateway } from '../fixtures/gateway';
import { freePort } from '../helpers/freePort';
import { rawRequest } from '../helpers/rawHttp';
import { sessionCookie } from '../helpers/sessionCookie';
import { runSwitchboard } from '../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

describe('switchboard provider (real CLI process)', () => {
  let t: TempEnv;
  beforeAll(() => {
    t = makeTempEnv();
  });
  afterAll(() => t.cleanup());

  it('prints help for every command', async () => {
    const main = await runSwitchboard(['--help'], t.env);
    expect(main.code).toBe(0);
    for (const cmd of ['serve', 'provider', 'use', 'run', 'restore', 'status', 'route', 'token']) {
      expect(main.stdout).toContain(cmd);
    }
    const use = await runSwitchboard(['use', '--help'], t.env);
    expect(use.stdout).toMatch(/--dry-run/);
  });

  it('adds a provider, normalises the URL, shows final endpoints and masks the key', async () => {
    const add = await runSwitchboard(
      ['provider', 'add', 'gw', '--base-url', 'https://gw.example.com', '--key', 'sk-abcdefghijklmnop1234', '--protocols', 'chat,anthropic', '--json'],
      t.env,
    );
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const p = JSON.parse(add.stdout);
    expect(p.baseUrl).toBe('https://gw.example.com/v1');
    expect(p.endpoints.anthropic).toBe('https://gw.example.com/v1/messages');
    // It speaks chat and anthropic: --json, like the text view's "-", names no responses endpoint.
    expect(p.endpoints.responses).toBeUndefined();
    expect(p.keys).toEqual(['sk-…1234']);
    expect(add.stdout).not.toContain('abcdefghijklmnop');

    const list = await runSwitchboard(['provider', 'list', '--json'], t.env);
    expect(JSON.parse(list.stdout).map((x: { name: string }) => x.name)).toEqual(['gw']);
    expect(list.stdout).not.toContain('abcdefghijklmnop');

    const show = await runSwitchboard(['provider', 'show', 'gw'], t.env);
    expect(show.stdout).toContain('https://gw.example.com/v1/chat/completions');
    expect(show.stdout).toContain('sk-…1234');
  });

  it('provider edit without an option says nothing was changed and which options change a provider', async () => {
    const edit = await runSwitchboard(['provider', 'edit', 'gw'], t.env);
    expect(edit.code).toBe(2);
    expect(edit.stdout).toBe('');
    expect(edit.stderr).toBe(
      'switchboard: Nothing to change in provider gw; give at least one of --rename, --base-url, --anthropic-url, --key, --extra-keys, --protocols, --models, --group-ratio, --output-limit.\n',
    );
  });

  it('provider edit --group-ratio 0 is refused naming the flag and what it takes, and changes nothing', async () => {
    for (const ratio of ['0', 'abc']) {
      const edit = await runSwitchboard(['provider', 'edit', 'gw', '--group-ratio', ratio], t.env);
      expect(edit.code).toBe(2);
      expect(edit.stderr).toBe(`switchboard: --group-ratio takes a number more than 0, not "${ratio}".\n`);
    }
    expect(JSON.parse((await runSwitchboard(['provider', 'show', 'gw', '--json'], t.env)).stdout).groupRatio).toBe(1);
  });

  it('provider edit --extra-keys alone replaces the extra keys and keeps the first key', async () => {
    const keysOf = async () => JSON.parse((await runSwitchboard(['provider', 'show', 'gw', '--json'], t.env)).stdout).keys as string[];
    const edit = await runSwitchboard(['provider', 'edit', 'gw', '--extra-keys', 'sk-extra-one-0000000001,sk-extra-two-0000000002'], t.env);
    expect(edit.stderr).toBe('');
    expect(edit.code).toBe(0);
    expect(await keysOf()).toEqual(['sk-…1234', 'sk-…0001', 'sk-…0002']);
    expect((await runSwitchboard(['provider', 'edit', 'gw', '--extra-keys', 'sk-extra-three-000000003'], t.env)).code).toBe(0);
    expect(await keysOf()).toEqual(['sk-…1234', 'sk-…0003']);
  });

  it('keeps the key encrypted at rest: the database file never holds it in clear', async () => {
    await runSwitchboard(['provider', 'add', 'secretgw', '--base-url', 'https://s.example.com', '--key', 'sk-plaintextneverstored9876'], t.env);
    const dir = t.env.SWITCHBOARD_HOME!;
    for (const f of fs.readdirSync(dir)) {
      const bytes = fs.readFileSync(path.join(dir, f));
      expect(bytes.includes(Buffer.from('plaintextneverstored'))).toBe(false);
    }
  });

  it('reads the key from standard input with --key -', async () => {
    const add = await runSwitchboard(['provider', 'add', 'stdin-gw', '--preset', 'deepseek', '--key', '-', '--json'], t.env, 'sk-fromstdin00001111\n');
    expect(add.code).toBe(0);
    const p = JSON.parse(add.stdout);
    expect(p.keys).toEqual(['sk-…1111']);
    expect(p.anthropicUrl).toBe('https://api.deepseek.com/anthropic');
  });

  it.each([
    [['provider', 'add', 'bad', '--base-url', 'ftp://x.example.com', '--key', 'sk-1'], /must start with https:\/\/ or http:\/\//],
    [['provider', 'add', 'bad', '--preset', 'nosuch', '--key', 'sk-1'], /Unknown preset "nosuch"; choose one of: /],
    [['provider', 'add', 'bad', '--base-url', 'https://x.example.com'], /needs a key/],
    [['provider', 'add', 'gw', '--base-url', 'https://x.example.com', '--key', 'sk-1'], /already exists/],
    [['provider', 'show', 'ghost'], /no provider named "ghost"/],
    [['provider', 'add', 'bad', '--bogus'], /Unknown option '--bogus'/],
    [['frobnicate'], /Unknown command "frobnicate"/],
    [['use', 'gw', '--client', 'vim'], /--client must be one of claude, codex, hermes, chat/],
  ])('%j fails with one sentence and a non-zero exit', async (args, pattern) => {
    const before = (await runSwitchboard(['provider', 'list', '--json'], t.env)).stdout;
    const r = await runSwitchboard(args, t.env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    expect((await runSwitchboard(['provider', 'list', '--json'], t.env)).stdout).toBe(before);
  });

  it('a Codex dry run in the bearer form shows the local token masked like any key, with its last four', async () => {
    const dry = await runSwitchboard(['use', 'gw', '--client', 'codex', '--codex-auth', 'bearer', '--dry-run', '--no-check'], t.env);
    expect(dry.code).toBe(0);
    const { token, masked } = JSON.parse((await runSwitchboard(['token', '--client', 'codex', '--json'], t.env)).stdout) as { token: string; masked: string };
    expect(masked).toBe(`sb-…${token.slice(-4)}`);
    expect(dry.stdout).toContain(`+experimental_bearer_token = "${masked}"`);
    expect(dry.stdout).not.toContain(token);
  });

  it('an address carrying a user name or password, or not answering, names the flags that set the key and the address', async () => {
    const inAddress = 'switchboard: The base URL must not carry a user name or password; pass the key with --key instead.\n';
    const add = await runSwitchboard(['provider', 'add', 'creds', '--base-url', 'https://user:pw@gw.example.com', '--key', 'sk-abcdefghijklmnop1234'], t.env);
    expect(add.code).toBe(2);
    expect(add.stderr).toBe(inAddress);
    const edit = await runSwitchboard(['provider', 'edit', 'gw', '--base-url', 'https://user:pw@gw.example.com'], t.env);
    expect(edit.stderr).toBe(inAddress);
    const closed = `http://127.0.0.1:${await freePort()}`;
    expect((await runSwitchboard(['provider', 'add', 'down', '--base-url', closed, '--key', 'sk-abcdefghijklmnop1234'], t.env)).code).toBe(0);
    const test = await runSwitchboard(['provider', 'test', 'down'], t.env);
    expect(test.code).toBe(1);
    expect(test.stdout).toBe(
      `down: FAILED, Could not reach provider "down" at ${closed.slice('http://'.length)}: the connection was refused; check the base URL of down ("switchboard provider edit down --base-url URL" changes it) and your network, then try again.\n`,
    );
    expect((await runSwitchboard(['provider', 'rm', 'down'], t.env)).code).toBe(0);
  });

  it('removes a provider', async () => {
    await runSwitchboard(['provider', 'add', 'gone', '--base-url', 'https://g.example.com', '--key', 'sk-12345678901'], t.env);
    const rm = await runSwitchboard(['provider', 'rm', 'gone'], t.env);
    expect(rm.code).toBe(0);
    const show = await runSwitchboard(['provider', 'show', 'gone'], t.env);
    expect(show.code).toBe(1);
  });
});

/**
 * A gateway that rejects the key and quotes it back ("Invalid token: Bearer sk-..."): every
 * place that shows its answer shows the key masked, never in clear.
 */
describe('a gateway error that quotes the rejected key', () => {
  let t: TempEnv;
  let gateway: Gateway;
  let running: Awaited<ReturnType<typeof startHeadless>>;
  let cookie: string;
  let masked: string;
  const cli = (...args: string[]) => runSwitchboard(args, t.env);
  const rpc = (channel: string, input: unknown) =>
    rawRequest(running.server.port, `/rpc/${channel}`, { method: 'POST', body: JSON.stringify(input), headers: { cookie, 'content-type': 'application/json' } });

  beforeAll(async () => {
    t = makeTempEnv();
    gateway = await startGateway({ protocols: ['chat'] });
    gateway.override({ path: /^\/v1\/(models|chat\/completions)$/ }, { kind: 'error', status: 401, message: `Invalid token: Bearer ${gateway.apiKey}` });
    masked = maskSecret(gateway.apiKey);
    running = await startHeadless({ env: t.env, port: 0 });
    await running.app.handlers['providers.add']({ name: 'bad', baseUrl: gateway.url, key: gateway.apiKey, protocols: ['chat'] });
    cookie = await sessionCookie(running);
  });
  afterAll(async () => {
    await running.close();
    await gateway.close();
    t.cleanup();
  });

  it('provider test, in words and as JSON, shows the gateway\'s answer with the key masked', async () => {
    const text = await cli('provider', 'test', 'bad');
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`bad: FAILED, bad answered HTTP 401: Invalid token: Bearer ${masked}`);
    const json = await cli('provider', 'test', 'bad', '--json');
    expect(JSON.parse(json.stdout).message).toBe(`bad answered HTTP 401: Invalid token: Bearer ${masked}`);
    for (const r of [text, json]) expect(r.stdout + r.stderr).not.toContain(gateway.apiKey);
  }, 60_000);

  it('the key check before a direct switch refuses with the key masked', async () => {
    const use = await cli('use', 'bad', '--client', 'hermes', '--mode', 'direct');
    expect(use.code).not.toBe(0);
    expect(use.stderr).toContain(`bad rejected the key (HTTP 401: Invalid token: Bearer ${masked})`);
    expect(use.stdout + use.stderr).not.toContain(gateway.apiKey);
  }, 60_000);

  it('the dashboard\'s provider test and apply answer with the key masked', async () => {
    const test = await rpc('providers.test', { name: 'bad' });
    expect(test.status).toBe(200);
    expect(test.body).toContain(`Invalid token: Bearer ${masked}`);
    const apply = await rpc('clients.apply', { client: 'hermes', provider: 'bad', mode: 'direct' });
    expect(apply.body).toContain(`Invalid token: Bearer ${masked}`);
    for (const r of [test, apply]) expect(r.body).not.toContain(gateway.apiKey);
  });
});
