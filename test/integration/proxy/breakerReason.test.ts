import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless } from '../../../electron/headless';
import { translate, type Locale } from '../../../renderer/i18n/locale';
import { breakerText } from '../../../renderer/lib/breakerText';
import { waitLeft } from '../../../renderer/lib/breakerWait';
import type { BreakerState } from '../../../shared/schemas';
import { startGateway, type Gateway } from '../../fixtures/gateway';
import { freePort } from '../../helpers/freePort';
import { rawRequest } from '../../helpers/rawHttp';
import { runSwitchboard } from '../../helpers/runCli';
import { sessionCookie } from '../../helpers/sessionCookie';
import { skippingClock } from '../../helpers/skippingClock';
import { makeTempEnv, type TempEnv } from '../../helpers/tempEnv';

const t = (locale: Locale) => (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(locale, key, vars);

/**
 * A provider the proxy itself put out of its route, read the way the dashboard's Routes page reads it:
 * breakers.list over headless mode's /rpc, with a browser session, then worded in either language.
 */
describe('why a provider is skipped, through the channel the Routes page reads', () => {
  let tempEnv: TempEnv;
  let gateway: Gateway;
  let running: Awaited<ReturnType<typeof startHeadless>>;
  let cookie: string;
  const clock = skippingClock();

  const breakerOf = async (provider: string): Promise<BreakerState> => {
    const res = await rawRequest(running.server.port, '/rpc/breakers.list', { method: 'POST', body: '{}', headers: { cookie, 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    return (JSON.parse(res.body).data as BreakerState[]).find((b) => b.provider === provider)!;
  };
  const cli = async (...args: string[]) => {
    const r = await runSwitchboard(args, tempEnv.env);
    expect(r.stderr, `switchboard ${args.join(' ')}`).toBe('');
    expect(r.code, `switchboard ${args.join(' ')}`).toBe(0);
    return r.stdout;
  };
  const chat = async (stream = false) => {
    const res = await fetch(`${running.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${running.app.tokens.ensure('chat')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-test', stream, messages: [{ role: 'user', content: 'hello' }] }),
    });
    await res.text();
    return res.status;
  };

  beforeAll(async () => {
    tempEnv = makeTempEnv();
    gateway = await startGateway({ protocols: ['chat'], acceptAnyModel: true });
    running = await startHeadless({ env: tempEnv.env, port: await freePort(), now: clock.now });
    const h = running.app.handlers;
    await h['settings.set']({ breakerThreshold: 1, breakerCoolDownMs: 10 * 60_000 });
    await h['providers.add']({ name: 'relay', baseUrl: gateway.url, key: gateway.apiKey, protocols: ['chat'] });
    await h['routes.set']({ client: 'chat', providers: ['relay'] });
    cookie = await sessionCookie(running);
  });
  afterAll(async () => {
    await running.close();
    await gateway.close();
    tempEnv.cleanup();
  });

  it('a gateway\u2019s error: its own words, and how long until the provider is tried again, in either language', async () => {
    gateway.script({ kind: 'error', status: 503, message: 'Upstream maintenance, back at 22:00.' });
    expect(await chat()).toBe(503);
    const breaker = await breakerOf('relay');
    expect(breaker).toMatchObject({ state: 'open', lastError: 'relay: Upstream maintenance, back at 22:00.', lastMishap: { code: 'said', words: 'Upstream maintenance, back at 22:00.' } });
    // The wait as the server counted it when it answered, whatever the reader's clock says.
    expect(breaker.retryInMs).toBeGreaterThan(10 * 60_000 - 5000);
    expect(breaker.retryInMs).toBeLessThanOrEqual(10 * 60_000);
    const readAt = Date.now();
    expect(breakerText(t('zh-CN'), breaker, waitLeft(breaker, readAt, readAt))).toBe('relay：Upstream maintenance, back at 22:00.——10 分钟后重试');
    expect(breakerText(t('en'), breaker, waitLeft(breaker, readAt, readAt))).toBe('relay: Upstream maintenance, back at 22:00. \u2014 tried again in 10 min');
  });

  it('an error event after the answer had begun: what went wrong at the provider, until a success clears it', async () => {
    await running.app.handlers['settings.set']({ breakerCoolDownMs: 60_000 });
    await running.app.handlers['providers.add']({ name: 'spare', baseUrl: gateway.url, key: gateway.apiKey, protocols: ['chat'] });
    await running.app.handlers['routes.set']({ client: 'chat', providers: ['spare'] });
    gateway.script({ kind: 'error_mid_stream', text: 'one two three four', afterChunks: 2, message: 'Overloaded.' });
    expect(await chat(true)).toBe(200);
    expect(await breakerOf('spare')).toMatchObject({
      state: 'open',
      lastError: 'spare broke off its answer (it sent an error: Overloaded.); the answer is incomplete: ask again',
      lastMishap: { code: 'sent_error', words: 'Overloaded.' },
    });

    // Its cool-down over, the next call is its probe.
    clock.skip(60_000);
    const probing = await breakerOf('spare');
    expect(probing.state).toBe('half_open');
    expect(probing.retryInMs).toBeNull();
    expect(breakerText(t('zh-CN'), probing, waitLeft(probing, Date.now(), Date.now()))).toBe('spare 中断了回答（它发来了错误：Overloaded.）——下一次调用时重试');
    gateway.script({ kind: 'text', text: 'fine again' });
    expect(await chat()).toBe(200);
    const healed = await breakerOf('spare');
    expect(healed).toMatchObject({ state: 'closed', lastError: null, lastMishap: null });
    expect(breakerText(t('zh-CN'), healed, waitLeft(healed, Date.now(), Date.now()))).toBeNull();
  });

  it('a provider added after one was removed starts healthy, not skipped for the removed one\u2019s failure', async () => {
    const h = running.app.handlers;
    await h['settings.set']({ breakerThreshold: 1, breakerCoolDownMs: 10 * 60_000 });
    await h['providers.add']({ name: 'doomed', baseUrl: gateway.url, key: gateway.apiKey, protocols: ['chat'] });
    await h['routes.set']({ client: 'chat', providers: ['doomed'] });
    gateway.script({ kind: 'error', status: 503, message: 'Closing down.' });
    expect(await chat()).toBe(503);
    expect(await breakerOf('doomed')).toMatchObject({ state: 'open', lastError: 'doomed: Closing down.' });
    const removedId = (await h['providers.get']({ name: 'doomed' })).id;
    await h['providers.remove']({ name: 'doomed', force: true });

    // SQLite would give the next provider the removed one's number: before, it was skipped from the start, for "Closing down.".
    await h['providers.add']({ name: 'fresh', baseUrl: gateway.url, key: gateway.apiKey, protocols: ['chat'] });
    expect((await h['providers.get']({ name: 'fresh' })).id).not.toBe(removedId);
    expect(await breakerOf('fresh')).toMatchObject({ state: 'closed', consecutiveFailures: 0, retryAt: null, lastError: null, lastMishap: null });
  });

  it('a provider the command line removes beside the running proxy leaves its breaker to no one, there or in what the proxy keeps', async () => {
    const h = running.app.handlers;
    await h['settings.set']({ breakerThreshold: 2, breakerCoolDownMs: 10 * 60_000 });
    await h['providers.add']({ name: 'retired', baseUrl: gateway.url, key: gateway.apiKey, protocols: ['chat'] });
    await h['routes.set']({ client: 'chat', providers: ['retired'] });
    for (let i = 0; i < 2; i++) {
      gateway.script({ kind: 'error', status: 503, message: 'Closing down.' });
      expect(await chat()).toBe(503);
    }
    expect(await breakerOf('retired')).toMatchObject({ state: 'open', lastError: 'retired: Closing down.' });
    const retiredId = (await h['providers.get']({ name: 'retired' })).id;

    // Another process: the command line, while this server keeps running.
    await cli('provider', 'rm', 'retired', '--force');
    await cli('provider', 'add', 'newcomer', '--base-url', gateway.url, '--key', gateway.apiKey, '--protocols', 'chat');
    await cli('route', 'set', '--client', 'chat', 'newcomer');

    // Before, the newcomer took the removed provider's number, and the running proxy skipped it for "Closing down.".
    expect(await breakerOf('newcomer')).toMatchObject({ state: 'closed', consecutiveFailures: 0, retryAt: null, lastError: null, lastMishap: null });
    gateway.script({ kind: 'text', text: 'welcome' });
    expect(await chat()).toBe(200);

    // The server's next save keeps the newcomer's own state, and nothing of the removed provider's.
    gateway.script({ kind: 'error', status: 503, message: 'Hiccup.' });
    expect(await chat()).toBe(503);
    const kept = running.app.settings.get<Record<string, { lastError: string | null }>>('proxy.breakers', {});
    expect(kept).not.toHaveProperty(String(retiredId));
    expect(Object.values(kept).map((b) => b.lastError)).not.toContain('retired: Closing down.');
    const status = JSON.parse(await cli('status', '--json')) as { breakers: { provider: string }[] };
    expect(status.breakers.find((b) => b.provider === 'newcomer')).toEqual({ provider: 'newcomer', state: 'closed', consecutiveFailures: 1, retryAt: null, lastError: 'newcomer: Hiccup.' });
  });
});
