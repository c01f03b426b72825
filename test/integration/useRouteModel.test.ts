import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/cliCommon';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';
import { makeTestApp } from '../helpers/testApp';

// `use --model` sets the tool's model and the route's model for that provider; `use` without it
// gives the tool back its own model, and the route must then serve that model, not the old one.
describe('the route model behind "use"', () => {
  let t: TempEnv;
  let app: ReturnType<typeof makeTestApp>;
  const use = (model?: string) =>
    call(app, 'clients.apply', { client: 'codex', provider: 'gw', mode: 'proxy', ...(model ? { model } : {}), check: false });
  const hop = async () => (await call(app, 'routes.list', {})).find((r) => r.client === 'codex')!.hops[0];
  const servedModel = () => app.proxyView().routeOf('codex').hops[0].model;

  beforeEach(async () => {
    t = makeTempEnv();
    app = makeTestApp(t);
    await call(app, 'providers.add', { name: 'gw', baseUrl: 'http://127.0.0.1:9/v1', key: 'sk-gw-000000000000', protocols: ['responses'] });
  });
  afterEach(() => {
    app.close();
    t.cleanup();
  });

  it('goes with the tool\u2019s own model when use is run again without --model', async () => {
    await use('gpt-5.4-mini');
    expect(await hop()).toMatchObject({ provider: 'gw', model: 'gpt-5.4-mini' });
    expect(fs.readFileSync(path.join(t.paths.codexHome, 'config.toml'), 'utf8')).toContain('model = "gpt-5.4-mini"');

    await use();
    expect(fs.readFileSync(path.join(t.paths.codexHome, 'config.toml'), 'utf8')).not.toContain('gpt-5.4-mini');
    expect(await hop()).toMatchObject({ provider: 'gw', model: null });
    expect(servedModel()).toBeUndefined();
  });

  it('stays when route set chose it, whatever use does without --model', async () => {
    await call(app, 'routes.set', { client: 'codex', hops: [{ provider: 'gw', model: 'gpt-5.4-mini' }] });
    await use();
    expect(await hop()).toMatchObject({ provider: 'gw', model: 'gpt-5.4-mini' });
    await use('gpt-5.4');
    await use();
    expect(await hop()).toMatchObject({ provider: 'gw', model: null });
  });
});
