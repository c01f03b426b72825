import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/cliCommon';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';
import { makeTestApp } from '../helpers/testApp';

// The proxy reads tokens, routes and keys from one view kept in memory: a handler's write must
// reach it on the very next call, while reads (the dashboard polls several) must leave it alone.
describe('the proxy view and the handlers', () => {
  let t: TempEnv;
  let app: ReturnType<typeof makeTestApp>;
  beforeEach(async () => {
    t = makeTempEnv();
    app = makeTestApp(t);
    await call(app, 'providers.add', { name: 'gwA', baseUrl: 'http://127.0.0.1:9/v1', key: 'sk-a-000000000000', protocols: ['chat'] });
    await call(app, 'providers.add', { name: 'gwB', baseUrl: 'http://127.0.0.1:9/v1', key: 'sk-b-000000000000', protocols: ['chat'] });
    await call(app, 'routes.set', { client: 'chat', providers: ['gwA'] });
  });
  afterEach(() => {
    app.close();
    t.cleanup();
  });

  it('sees a write through a handler on the next call', async () => {
    expect(app.proxyView().routeOf('chat').hops.map((h) => h.provider.name)).toEqual(['gwA']);
    await call(app, 'routes.set', { client: 'chat', providers: ['gwB', 'gwA'] });
    expect(app.proxyView().routeOf('chat').hops.map((h) => h.provider.name)).toEqual(['gwB', 'gwA']);
  });

  it('keeps the same view across reads', async () => {
    const view = app.proxyView();
    await call(app, 'usage.summary', { since: '24h' });
    await call(app, 'routes.list', {});
    await call(app, 'providers.list', {});
    expect(app.proxyView()).toBe(view);
  });
});
