import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHeadless } from '../../electron/headless';
import { rawRequest } from '../helpers/rawHttp';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';


describe('headless mode', () => {
  let t: TempEnv;
  let running: Awaited<ReturnType<typeof startHeadless>>;

  beforeEach(async () => {
    t = makeTempEnv();
    running = await startHeadless({ env: t.env, port: 0 });
  });
  afterEach(async () => {
    await running.close();
    t.cleanup();
  });

  async function login(): Promise<string> {
    const link = new URL(running.loginUrl());
    const res = await rawRequest(running.server.port, link.pathname + link.search);
    expect(res.status).toBe(302);
    const cookie = String(res.headers['set-cookie']).split(';')[0];
    expect(cookie).toMatch(/^sb_session=/);
    expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly/);
    return cookie;
  }

  it('listens on 127.0.0.1 and answers HEAD / and GET / (Claude Code probes them)', async () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await rawRequest(running.server.port, '/', { method: 'HEAD' })).status).toBe(200);
    const page = await rawRequest(running.server.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Switchboard');
  });

  it('refuses the contract without a session, then serves it after the one-time login link', async () => {
    const denied = await rawRequest(running.server.port, '/rpc/providers.list', { method: 'POST', body: '{}' });
    expect(denied.status).toBe(401);
    expect(JSON.parse(denied.body).error).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('switchboard dashboard') });

    const cookie = await login();
    const ok = await rawRequest(running.server.port, '/rpc/app.info', { method: 'POST', body: '{}', headers: { cookie } });
    expect(ok.status).toBe(200);
    const info = JSON.parse(ok.body);
    expect(info.ok).toBe(true);
    expect(info.data.home).toBe(t.paths.home);
  });

  it('a login link works once', async () => {
    const link = new URL(running.loginUrl());
    expect((await rawRequest(running.server.port, link.pathname + link.search)).status).toBe(302);
    const again = await rawRequest(running.server.port, link.pathname + link.search);
    expect(again.status).toBe(401);
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('validates input with the contract and answers one sentence in the envelope; refused requests keep their HTTP status', async () => {
    const cookie = await login();
    const bad = await rawRequest(running.server.port, '/rpc/providers.add', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x y', key: 'sk-1' }),
    });
    // The channel ran and refused: its envelope comes with 200, as over IPC.
    expect(bad.status).toBe(200);
    const body = JSON.parse(bad.body);
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.message).toMatch(/^A provider name uses letters, digits, dot, dash and underscore/);
    expect(body.error.message).not.toContain('providers.add');

    const unknown = await rawRequest(running.server.port, '/rpc/nope.nothing', { method: 'POST', body: '{}', headers: { cookie } });
    expect(unknown.status).toBe(404);

    const garbage = await rawRequest(running.server.port, '/rpc/providers.list', { method: 'POST', body: '{oops', headers: { cookie } });
    expect(garbage.status).toBe(400);
    expect(JSON.parse(garbage.body).error.message).toMatch(/not valid JSON/);
  });

  it('adds a provider over RPC and never returns the key in clear', async () => {
    const cookie = await login();
    const res = await rawRequest(running.server.port, '/rpc/providers.add', {
      method: 'POST',
      headers: { cookie },
      body: JSON.stringify({ name: 'gw', baseUrl: 'https://gw.example.com', key: 'sk-supersecretvalue1234' }),
    });
    expect(res.status).toBe(200);
    expect(res.body).not.toContain('supersecret');
    expect(JSON.parse(res.body).data.keys).toEqual(['sk-…1234']);
  });

  it("keeps serving when another local app's cookie or the path holds a malformed escape", async () => {
    const cookie = await login();
    const withForeign = await rawRequest(running.server.port, '/rpc/app.info', { method: 'POST', body: '{}', headers: { cookie: `other_app=%E0%A4%; ${cookie}` } });
    expect(withForeign.status).toBe(200);
    expect(JSON.parse(withForeign.body).ok).toBe(true);

    const built = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-dashboard-'));
    fs.writeFileSync(path.join(built, 'index.html'), '<title>built dashboard</title>');
    const other = makeTempEnv();
    const served = await startHeadless({ env: other.env, port: 0, staticDir: built });
    try {
      for (const bad of ['/%', '/assets/%E0%A4%']) {
        const page = await rawRequest(served.server.port, bad);
        expect([page.status, page.body]).toEqual([200, '<title>built dashboard</title>']);
      }
    } finally {
      await served.close();
      other.cleanup();
      fs.rmSync(built, { recursive: true, force: true });
    }
  });

  it('refuses a non-loopback Host (DNS rebinding) and a cross-site Origin', async () => {
    const rebinding = await rawRequest(running.server.port, '/', { headers: { host: 'evil.example.com' } });
    expect(rebinding.status).toBe(421);
    const cookie = await login();
    const cross = await rawRequest(running.server.port, '/rpc/providers.list', {
      method: 'POST',
      body: '{}',
      headers: { cookie, origin: 'https://evil.example.com' },
    });
    expect(cross.status).toBe(403);
  });

  it('refuses to bind anywhere but loopback', async () => {
    await expect(startHeadless({ env: t.env, port: 0, host: '0.0.0.0' })).rejects.toThrow(/only listens on the loopback/);
  });
});

describe('headless on port 0', () => {
  it('writes the port the system chose into proxy URLs, not 0', async () => {
    const t = makeTempEnv();
    const running = await startHeadless({ env: t.env, port: 0 });
    try {
      const port = Number(new URL(running.url).port);
      expect(port).toBeGreaterThan(0);
      expect((await running.app.handlers['tokens.get']({ client: 'codex' })).baseUrl).toBe(`http://127.0.0.1:${port}/v1`);
    } finally {
      await running.close();
      t.cleanup();
    }
  });
});
