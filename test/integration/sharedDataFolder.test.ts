import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../electron/core/app';
import { AesGcmSecretStore } from '../../electron/core/secrets/aesGcmStore';
import type { LegacyUnsealer } from '../../electron/core/secrets/legacy';
import type { SecretStore } from '../../electron/core/secrets/secretStore';
import { createDesktopCore, type DesktopCore } from '../../electron/desktopCore';
import { RENDERER_DIST } from '../../electron/headless';
import { startGateway, type Gateway } from '../fixtures/gateway';
import { freePort } from '../helpers/freePort';
import { unreachableKeychain } from '../helpers/keyVaults';
import { runSwitchboard } from '../helpers/runCli';
import { startServeProcess, type ServeProcess } from '../helpers/serveProcess';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';


/** Stands in for Electron's safeStorage: "ss1:" + base64 of the reversed text. */
const reversed = (text: string) => [...text].reverse().join('');
const fakeSafeStorage: LegacyUnsealer = { prefix: 'ss1:', open: (sealed) => reversed(Buffer.from(sealed.slice(4), 'base64').toString('utf8')) };
const oldDesktopSecrets: SecretStore = { kind: 'safe-storage', seal: (plain) => `ss1:${Buffer.from(reversed(plain)).toString('base64')}`, open: fakeSafeStorage.open };

describe('the desktop core and the CLI share one data folder', () => {
  let t: TempEnv;
  let gateway: Gateway;
  let core: DesktopCore | null = null;
  let serve: ServeProcess | null = null;

  beforeEach(async () => {
    t = makeTempEnv();
    gateway = await startGateway();
  });
  afterEach(async () => {
    await serve?.stop();
    await core?.close();
    await gateway.close();
    t.cleanup();
  });

  /** As main.ts builds it; only the keychain (none here, like this machine) and safeStorage are fakes. */
  async function openDesktop(): Promise<DesktopCore> {
    const env = { ...t.env, SWITCHBOARD_PORT: String(await freePort()) };
    const desktop = createDesktopCore({ env, keychain: unreachableKeychain(), legacySecrets: [fakeSafeStorage], rendererDir: RENDERER_DIST });
    await desktop.startProxy();
    return desktop;
  }

  async function cli(...args: string[]) {
    const r = await runSwitchboard(args, t.env);
    expect(r.stderr, `switchboard ${args.join(' ')}`).toBe('');
    expect(r.code, `switchboard ${args.join(' ')}`).toBe(0);
    return r.stdout.trim();
  }

  /** `switchboard serve` for real, on a free port. */
  async function serveCli(): Promise<number> {
    const port = await freePort();
    serve = await startServeProcess(t.env, port);
    return port;
  }

  async function chat(port: number, token: string) {
    const reply = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-5.4', messages: [{ role: 'user', content: 'hi' }] }),
    });
    const body = await reply.text();
    return { status: reply.status, provider: reply.headers.get('x-switchboard-provider'), body };
  }

  it('the data key the CLI creates on its first run is there for the next process', async () => {
    const first = await cli('token', '--client', 'chat');
    expect(await cli('token', '--client', 'chat')).toBe(first);
  });

  it('secrets written by each side are read by the other', async () => {
    core = await openDesktop();
    await core.app.handlers['providers.add']({ name: 'desk-gw', baseUrl: gateway.url, key: gateway.apiKey });
    await cli('provider', 'add', 'cli-gw', '--base-url', gateway.url, '--key', gateway.apiKey);
    await cli('route', 'set', '--client', 'chat', 'cli-gw');

    // The CLI's provider key, through the desktop's proxy, with the token the desktop issued.
    const { token } = await core.app.handlers['tokens.get']({ client: 'chat' });
    const viaDesktop = await chat(core.proxyStatus().port, token);
    expect(viaDesktop.status, viaDesktop.body).toBe(200);
    expect(viaDesktop.provider).toBe('cli-gw');

    // The desktop's token and provider key, through the CLI's own proxy.
    expect(await cli('token', '--client', 'chat')).toBe(token);
    await core.app.handlers['routes.set']({ client: 'chat', hops: [{ provider: 'desk-gw' }] });
    const viaCli = await chat(await serveCli(), token);
    expect(viaCli.status, viaCli.body).toBe(200);
    expect(viaCli.provider).toBe('desk-gw');

    expect(fs.readdirSync(t.paths.home).filter((f) => f.endsWith('.key'))).toEqual(['data.key']);
    expect(fs.statSync(path.join(t.paths.home, 'data.key')).mode & 0o777).toBe(0o600);
  });

  it('a folder holding v1: and ss1: secrets from before moves to the data key', async () => {
    // The former CLI sealed with secret.key (v1:), the former desktop app with safeStorage (ss1:).
    const legacyKey = crypto.randomBytes(32);
    const oldCli = createApp({ paths: t.paths, secrets: new AesGcmSecretStore(legacyKey, 'key-file', 'v1') });
    await oldCli.handlers['providers.add']({ name: 'old-cli-gw', baseUrl: gateway.url, key: gateway.apiKey });
    oldCli.close();
    const oldDesktop = createApp({ paths: t.paths, secrets: oldDesktopSecrets });
    await oldDesktop.handlers['providers.add']({ name: 'old-desk-gw', baseUrl: gateway.url, key: gateway.apiKey });
    await oldDesktop.handlers['routes.set']({ client: 'chat', hops: [{ provider: 'old-desk-gw' }] });
    const { token } = await oldDesktop.handlers['tokens.get']({ client: 'chat' });
    oldDesktop.close();
    // Written last: today's createApp would already move v1: secrets it can open.
    fs.writeFileSync(path.join(t.paths.home, 'secret.key'), legacyKey.toString('base64') + '\n', { mode: 0o600 });

    // The CLI opens first: it moves what it can and names the one step left for the rest.
    expect(await cli('provider', 'test', 'old-cli-gw')).toMatch(/^old-cli-gw: OK/);
    expect(fs.existsSync(path.join(t.paths.home, 'secret.key'))).toBe(false);
    const stranded = await runSwitchboard(['token', '--client', 'chat'], t.env);
    expect(stranded.code).toBe(1);
    expect(stranded.stderr.trim()).toBe(
      'switchboard: Some keys were saved by the Switchboard desktop app in a store only it can open; open the desktop app once so it moves them to the shared store, then try again.',
    );

    // The desktop app opens once: its old secrets move too, and its old token keeps working.
    core = await openDesktop();
    const viaDesktop = await chat(core.proxyStatus().port, token);
    expect(viaDesktop.status, viaDesktop.body).toBe(200);
    expect(viaDesktop.provider).toBe('old-desk-gw');
    expect(await cli('token', '--client', 'chat')).toBe(token);
    expect(await cli('provider', 'test', 'old-desk-gw')).toMatch(/^old-desk-gw: OK/);

    const db = new Database(path.join(t.paths.home, 'switchboard.db'), { readonly: true });
    const sealed = [
      ...(db.prepare('SELECT sealed FROM provider_keys').pluck().all() as string[]),
      ...(db.prepare('SELECT sealed FROM local_tokens').pluck().all() as string[]),
    ];
    db.close();
    expect(sealed.length).toBeGreaterThanOrEqual(3);
    expect(sealed.every((s) => s.startsWith('k1:'))).toBe(true);
  });
});
