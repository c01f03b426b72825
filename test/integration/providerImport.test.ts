import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/rpc';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/contract';
import { runSwitchboard } from '../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';
import { makeTestApp } from '../helpers/testApp';

const CLAUDE_KEY = 'sk-ccswitch-claude-0123456789abcd';
const CODEX_KEY = 'sk-ccswitch-codex-9876543210wxyz';

/** Claude Code and Codex as CC Switch (or a person) leaves them: a gateway's address and key in their own files. */
function writeToolSettings(t: TempEnv) {
  fs.mkdirSync(t.paths.claudeDir, { recursive: true });
  fs.writeFileSync(
    path.join(t.paths.claudeDir, 'settings.json'),
    JSON.stringify({ env: { ANTHROPIC_BASE_URL: 'https://relay.example.com', ANTHROPIC_API_KEY: CLAUDE_KEY, ANTHROPIC_MODEL: 'claude-sonnet-4-5' }, theme: 'dark' }, null, 2),
  );
  fs.mkdirSync(t.paths.codexHome, { recursive: true });
  fs.writeFileSync(
    path.join(t.paths.codexHome, 'config.toml'),
    'model = "gpt-5.4"\nmodel_provider = "relay"\n\n[model_providers.relay]\nname = "Relay"\nbase_url = "https://codex.relay.example.com/v1"\nwire_api = "responses"\nrequires_openai_auth = true\n',
  );
  fs.writeFileSync(path.join(t.paths.codexHome, 'auth.json'), JSON.stringify({ OPENAI_API_KEY: CODEX_KEY }));
}

describe('importing the gateway a tool is already set up for', () => {
  let t: TempEnv;
  let app: ReturnType<typeof makeTestApp>;
  const rpc = async <C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
    const r = await dispatch(app.handlers, channel, input);
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.data as ChannelOutput<C>;
  };
  beforeEach(() => {
    t = makeTempEnv();
    app = makeTestApp(t);
  });
  afterEach(() => {
    app.close();
    t.cleanup();
  });

  it('offers Claude Code\u2019s and Codex\u2019s gateways with the keys masked, and imports one as a provider', async () => {
    writeToolSettings(t);
    const settingsBefore = fs.readFileSync(path.join(t.paths.claudeDir, 'settings.json'), 'utf8');
    const { found, unreadable } = await rpc('providers.importScan', {});
    expect(unreadable).toEqual([]);
    expect(found).toEqual([
      expect.objectContaining({ client: 'claude', baseUrl: 'https://relay.example.com', protocol: 'anthropic', model: 'claude-sonnet-4-5', key: 'sk-…abcd', name: 'relay.example.com', existing: null }),
      expect.objectContaining({ client: 'codex', baseUrl: 'https://codex.relay.example.com/v1', protocol: 'responses', model: 'gpt-5.4', key: 'sk-…wxyz', name: 'codex.relay.example.com', existing: null }),
    ]);
    expect(JSON.stringify(found)).not.toContain('0123456789');

    const provider = await rpc('providers.import', { client: 'claude' });
    expect(provider).toMatchObject({ name: 'relay.example.com', anthropicUrl: 'https://relay.example.com', protocols: ['anthropic'], models: ['claude-sonnet-4-5'], keys: ['sk-…abcd'] });
    expect(app.providers.resolve('relay.example.com').keys).toEqual([CLAUDE_KEY]);
    // the tool's own file is only read
    expect(fs.readFileSync(path.join(t.paths.claudeDir, 'settings.json'), 'utf8')).toBe(settingsBefore);

    const again = (await rpc('providers.importScan', {})).found;
    expect(again.find((c) => c.client === 'claude')!.existing).toBe('relay.example.com');
    await expect(rpc('providers.import', { client: 'claude' })).rejects.toMatchObject({ code: 'already_exists', message: "Claude Code's gateway is already the provider relay.example.com; nothing was added." });
  });

  it('offers nothing for a tool pointed at Switchboard\u2019s own proxy, or with no settings, and refuses to import it', async () => {
    await rpc('providers.add', { name: 'gw', baseUrl: 'https://gw.example.com', key: 'sk-gw-000011112222', protocols: ['anthropic'] });
    await rpc('clients.apply', { client: 'claude', provider: 'gw', mode: 'proxy', check: false });
    expect(await rpc('providers.importScan', {})).toEqual({ found: [], unreadable: [] });
    await expect(rpc('providers.import', { client: 'claude' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(rpc('providers.import', { client: 'codex' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('names an import after the host, numbered when the name is taken', async () => {
    writeToolSettings(t);
    await rpc('providers.add', { name: 'relay.example.com', baseUrl: 'https://other.example.com', key: 'sk-other-000011112222' });
    expect((await rpc('providers.importScan', {})).found.find((c) => c.client === 'claude')!.name).toBe('relay.example.com-2');
    expect((await rpc('providers.import', { client: 'claude', name: 'myrelay' })).name).toBe('myrelay');
  });
});

describe('switchboard provider import (real CLI process)', () => {
  let t: TempEnv;
  beforeEach(() => {
    t = makeTempEnv();
  });
  afterEach(() => t.cleanup());

  it('with --name and nothing new to import, says the gateway is already a provider instead of asking for --from', async () => {
    writeToolSettings(t);
    const first = await runSwitchboard(['provider', 'import', '--from', 'claude', '--name', 'relay'], t.env);
    expect(first.code).toBe(0);
    const again = await runSwitchboard(['provider', 'import', '--from', 'claude', '--name', 'relay'], t.env);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Claude Code\s+https:\/\/relay\.example\.com\s+sk-…abcd\s+claude-sonnet-4-5\s+relay \(already added\)/);
    const none = await runSwitchboard(['provider', 'import', '--from', 'hermes', '--name', 'h'], t.env);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('Nothing to import: hermes has no gateway address and key of its own.\n');
  });

  it('shows what it would import with keys masked, then imports both tools\u2019 gateways', async () => {
    writeToolSettings(t);
    const dry = await runSwitchboard(['provider', 'import', '--dry-run'], t.env);
    expect(dry.stderr).toBe('');
    expect(dry.stdout).toMatch(/Claude Code\s+https:\/\/relay\.example\.com\s+sk-…abcd\s+claude-sonnet-4-5\s+relay\.example\.com \(not added yet\)/);
    expect(dry.stdout).toContain('(dry run: nothing was added)');
    expect(dry.stdout + dry.stderr).not.toContain('0123456789');
    expect(JSON.parse((await runSwitchboard(['provider', 'list', '--json'], t.env)).stdout)).toEqual([]);

    const real = await runSwitchboard(['provider', 'import'], t.env);
    expect(real.code).toBe(0);
    expect(real.stdout).toContain('Imported relay.example.com, codex.relay.example.com;');
    const list = JSON.parse((await runSwitchboard(['provider', 'list', '--json'], t.env)).stdout) as { name: string; protocols: string[] }[];
    expect(list.map((p) => [p.name, p.protocols])).toEqual([
      ['codex.relay.example.com', ['responses']],
      ['relay.example.com', ['anthropic']],
    ]);
    const twice = await runSwitchboard(['provider', 'import', '--from', 'claude'], t.env);
    expect(twice.stdout).toMatch(/relay\.example\.com \(already added\)/);
  }, 120_000);

  it('imports a Codex provider whose key Codex reads from the variable env_key names, as the shell sets it', async () => {
    fs.mkdirSync(t.paths.codexHome, { recursive: true });
    fs.writeFileSync(
      path.join(t.paths.codexHome, 'config.toml'),
      'model = "gpt-5.4"\nmodel_provider = "relay"\n\n[model_providers.relay]\nname = "Relay"\nbase_url = "https://codex.relay.example.com/v1"\nenv_key = "RELAY_API_KEY"\n',
    );
    // Unset, the variable is named, not the gateway called missing: it is there, its key is not.
    const unset = await runSwitchboard(['provider', 'import', '--from', 'codex'], t.env);
    expect(unset.code).toBe(0);
    expect(unset.stderr).toBe(
      `switchboard: Codex CLI was skipped: Codex CLI's key is read from the variable RELAY_API_KEY (env_key in ${path.join(t.paths.codexHome, 'config.toml')}), which is not set where Switchboard runs; set it there, then import again.\n`,
    );
    expect(unset.stdout).toBe('Nothing to import: codex has no gateway address and key of its own in the settings that could be read.\n');
    expect(JSON.parse((await runSwitchboard(['provider', 'list', '--json'], t.env)).stdout)).toEqual([]);
    const imported = await runSwitchboard(['provider', 'import', '--from', 'codex'], { ...t.env, RELAY_API_KEY: CODEX_KEY });
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/Codex CLI\s+https:\/\/codex\.relay\.example\.com\/v1\s+sk-…wxyz\s+gpt-5\.4\s+codex\.relay\.example\.com/);
    const list = JSON.parse((await runSwitchboard(['provider', 'list', '--json'], t.env)).stdout) as { name: string; protocols: string[] }[];
    expect(list.map((p) => [p.name, p.protocols])).toEqual([['codex.relay.example.com', ['responses']]]);
  }, 60_000);

  it('says which tool was skipped because its settings do not parse, and what a tool without a gateway has', async () => {
    writeToolSettings(t);
    fs.writeFileSync(path.join(t.paths.claudeDir, 'settings.json'), '{ "env": { "ANTHROPIC_BASE_URL": "https://x.example.com", "ANTHROPIC_AUTH_TOKEN": "sk-secret-0000111122223333", } }');
    const dry = await runSwitchboard(['provider', 'import', '--dry-run'], t.env);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toMatch(/^switchboard: Claude Code was skipped: .*settings\.json line 1, column \d+: .*Nothing was changed\.\n$/);
    expect(dry.stdout).toMatch(/Codex CLI\s+https:\/\/codex\.relay\.example\.com\/v1/);
    const fromClaude = await runSwitchboard(['provider', 'import', '--from', 'claude', '--dry-run'], t.env);
    expect(fromClaude.stdout).toBe('Nothing to import: claude has no gateway address and key of its own in the settings that could be read.\n');
    const imported = await runSwitchboard(['provider', 'import', '--from', 'claude'], t.env);
    expect(imported.stderr).toContain('settings.json line 1');

    const empty = makeTempEnv();
    try {
      const none = await runSwitchboard(['provider', 'import', '--from', 'hermes'], empty.env);
      expect([none.code, none.stdout]).toEqual([0, 'Nothing to import: hermes has no gateway address and key of its own.\n']);
    } finally {
      empty.cleanup();
    }
  }, 120_000);
});
