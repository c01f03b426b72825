import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDesktopCore, type DesktopCore } from '../../electron/desktopCore';
import { RENDERER_DIST } from '../../electron/headless';
import { loadTrayState } from '../../electron/trayState';
import { startGateway, type Gateway } from '../fixtures/gateway';
import { freePort } from '../helpers/freePort';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';


describe('the desktop core (what the tray drives)', () => {
  let t: TempEnv;
  let gateway: Gateway;
  let core: DesktopCore;

  beforeEach(async () => {
    t = makeTempEnv();
    gateway = await startGateway();
    const env = { ...t.env, SWITCHBOARD_PORT: String(await freePort()) };
    core = createDesktopCore({ env, keychain: null, legacySecrets: [], rendererDir: RENDERER_DIST });
  });
  afterEach(async () => {
    await core.close();
    await gateway.close();
    t.cleanup();
  });

  it('turns the proxy off and on again on the same port', async () => {
    await core.startProxy();
    const { port } = core.proxyStatus();
    expect((await fetch(`http://127.0.0.1:${port}/`, { method: 'HEAD' })).status).toBe(200);
    await core.stopProxy();
    expect(core.proxyStatus().running).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/`, { method: 'HEAD' })).rejects.toThrow();
    await core.startProxy();
    expect(core.proxyStatus()).toMatchObject({ running: true, port });
  });

  it('reads the tray state through the handlers: tools, providers, today\u2019s calls and spend', async () => {
    await core.startProxy();
    const { handlers } = core.app;
    await handlers['providers.add']({ name: 'gw', baseUrl: gateway.url, key: gateway.apiKey });
    await handlers['clients.apply']({ client: 'codex', provider: 'gw', mode: 'proxy', dryRun: false, check: false, onboarding: false, codexAuth: 'auto' });
    const { token } = await handlers['tokens.get']({ client: 'codex' });
    const reply = await fetch(`http://127.0.0.1:${core.proxyStatus().port}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-5.4', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(reply.status).toBe(200);
    await reply.text();
    core.app.ledger.flush();

    const state = await loadTrayState(handlers, core.proxyStatus(), 'en');
    expect(state.tools.find((x) => x.client === 'codex')).toMatchObject({ provider: 'gw', mode: 'proxy', drift: false });
    expect(state.providers).toEqual(['gw']);
    expect(state.todayCalls).toBe(1);
    expect(state.lowestBalance).toBeNull();
  });
});
