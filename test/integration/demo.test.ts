import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo } from '../../scripts/demoSetup';
import { freePort } from '../helpers/freePort';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

describe('npm run demo', () => {
  let t: TempEnv;
  let demo: Awaited<ReturnType<typeof startDemo>>;
  beforeAll(async () => {
    t = makeTempEnv();
    demo = await startDemo({ home: t.paths.home, port: await freePort(), env: t.env });
  });
  afterAll(async () => {
    await demo.close();
    t.cleanup();
  });

  it('leaves every screen with something to show: balances, a provider from an account key, usage and an honest audit', async () => {
    const h = demo.headless.app.handlers;
    const balances = await h['accounts.balance']({});
    expect(JSON.stringify(balances)).toContain('demo-gw');
    expect((await h['providers.list']({})).map((p) => p.name)).toContain('demo-gw');
    expect((await h['usage.summary']({ since: '1h', by: 'model' })).totals.calls).toBe(3);
    expect((await h['prices.list']({ provider: 'demo-gw' })).length).toBeGreaterThan(0);
    const audit = await h['audit.run']({ account: 'demo-gw', since: '1h', tolerance: 0.02 });
    expect(audit.totals).toMatchObject({ ledgerCalls: 3, matched: 3, discrepancies: 0 });
    const page = await fetch(demo.headless.loginUrl(), { redirect: 'manual' });
    expect([200, 302, 303]).toContain(page.status);
  });
});
