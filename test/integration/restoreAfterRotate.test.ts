import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/cliCommon';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';
import { makeTestApp } from '../helpers/testApp';

// A backup made before a token rotation holds the old local token, which the proxy no longer takes.
describe('restore after a token rotation', () => {
  let t: TempEnv;
  let app: ReturnType<typeof makeTestApp>;
  const authJson = () => fs.readFileSync(path.join(t.paths.codexHome, 'auth.json'), 'utf8');
  const configToml = () => fs.readFileSync(path.join(t.paths.codexHome, 'config.toml'), 'utf8');

  beforeEach(async () => {
    t = makeTempEnv();
    app = makeTestApp(t);
    await call(app, 'providers.add', { name: 'gwA', baseUrl: 'http://127.0.0.1:9/v1', key: 'sk-a-000000000000', protocols: ['responses'] });
    await call(app, 'providers.add', { name: 'gwB', baseUrl: 'http://127.0.0.1:8/v1', key: 'sk-b-000000000000', protocols: ['responses'] });
    fs.mkdirSync(t.paths.codexHome, { recursive: true });
    fs.writeFileSync(path.join(t.paths.codexHome, 'config.toml'), '# mine\nmodel = "gpt-5"\n');
  });
  afterEach(() => {
    app.close();
    t.cleanup();
  });

  it('gives the files back with the current token in place of the rotated one, and nothing else changed', async () => {
    await call(app, 'clients.apply', { client: 'codex', provider: 'gwA', mode: 'proxy', check: false });
    const old = (await call(app, 'tokens.get', { client: 'codex' })).token;
    expect(authJson()).toContain(old);
    const onGwA = { auth: authJson(), config: configToml() };
    await call(app, 'clients.apply', { client: 'codex', provider: 'gwB', mode: 'proxy', check: false });
    const beforeSwitch = (await call(app, 'clients.backups', { client: 'codex' }))[0];

    const rotated = await call(app, 'tokens.rotate', { client: 'codex' });
    const current = (await call(app, 'tokens.get', { client: 'codex' })).token;
    expect(current).not.toBe(old);
    expect(rotated.updated.length).toBeGreaterThan(0);

    await call(app, 'clients.restore', { client: 'codex', backupId: beforeSwitch.id });
    expect(authJson()).toBe(onGwA.auth.split(old).join(current));
    expect(authJson()).not.toContain(old);
    expect(configToml()).toBe(onGwA.config);
    const status = (await call(app, 'clients.status', {})).find((s) => s.client === 'codex')!;
    expect(status.drift).toEqual([]);
  });
});
