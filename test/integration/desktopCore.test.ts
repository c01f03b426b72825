import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDesktopCore, type DesktopCore } from '../../electron/desktopCore';
import { RENDERER_DIST } from '../../electron/headless';
import { loadTrayState } from '../../electron/trayState';
import { planTrayMenu } from '../../electron/trayMenu';
import { translate } from '../../renderer/i18n/locale';
import { startBalanceSource, startGateway, type Gateway } from '../fixtures/gateway';
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

  it('shows every currency a DeepSeek account holds, and warns only when all of them are low', async () => {
    const deepseek = await startBalanceSource('deepseek', {
      balance: {
        currencies: [
          { currency: 'USD', grantedBalance: 0, toppedUpBalance: 0.5 },
          { currency: 'CNY', grantedBalance: 0, toppedUpBalance: 100 },
        ],
      },
    });
    try {
      const { handlers } = core.app;
      await handlers['accounts.add']({ name: 'ds', kind: 'deepseek', baseUrl: deepseek.url, key: deepseek.key, lowBalanceThreshold: 5 });
      const state = await loadTrayState(handlers, core.proxyStatus(), 'en');
      expect(state.lowestBalance).toEqual({ account: 'ds', amounts: [{ remaining: 100, currency: 'CNY' }, { remaining: 0.5, currency: 'USD' }], low: false });
      expect(state.lowAccounts).toEqual([]);
      const label = (s: typeof state) => planTrayMenu(s, (key, vars) => translate('en', key, vars)).map((i) => (i.kind === 'separator' ? '' : i.label));
      expect(label(state)).toContain('Lowest balance: ds CN¥100.00 + $0.50');
      deepseek.balance.currencies[1].toppedUpBalance = 2;
      const low = await loadTrayState(handlers, core.proxyStatus(), 'en');
      expect(low.lowAccounts).toEqual([{ account: 'ds', amounts: [{ remaining: 0.5, currency: 'USD' }, { remaining: 2, currency: 'CNY' }] }]);
      expect(label(low)).toContain('Low balance: ds $0.50 + CN¥2.00');
    } finally {
      await deepseek.close();
    }
  });

  it('warns about a DeepSeek account whose balance cannot pay for calls, though it has money and no threshold', async () => {
    const deepseek = await startBalanceSource('deepseek', { balance: { isAvailable: false } });
    try {
      const { handlers } = core.app;
      await handlers['accounts.add']({ name: 'ds', kind: 'deepseek', baseUrl: deepseek.url, key: deepseek.key });
      const state = await loadTrayState(handlers, core.proxyStatus(), 'en');
      expect(state.lowAccounts).toEqual([{ account: 'ds', amounts: [{ remaining: 110, currency: 'CNY' }] }]);
      expect(state.lowestBalance).toMatchObject({ account: 'ds', low: true });
    } finally {
      await deepseek.close();
    }
  });

  it('names as lowest the account with the least left against its threshold, not the smallest figure in another currency', async () => {
    const deepseek = await startBalanceSource('deepseek', { balance: { currencies: [{ currency: 'CNY', grantedBalance: 0, toppedUpBalance: 50 }] } });
    const openrouter = await startBalanceSource('openrouter', { balance: { limit: 12, usage: 2 } });
    try {
      const { handlers } = core.app;
      await handlers['accounts.add']({ name: 'or', kind: 'openrouter', baseUrl: openrouter.url, key: openrouter.key, lowBalanceThreshold: 5 });
      await handlers['accounts.add']({ name: 'ds', kind: 'deepseek', baseUrl: deepseek.url, key: deepseek.key, lowBalanceThreshold: 40 });
      const state = await loadTrayState(handlers, core.proxyStatus(), 'en');
      // $10 is twice its threshold; CN¥50 only 1.25 times its own.
      expect(state.lowestBalance).toEqual({ account: 'ds', amounts: [{ remaining: 50, currency: 'CNY' }], low: false });
    } finally {
      await Promise.all([deepseek.close(), openrouter.close()]);
    }
  });
});
