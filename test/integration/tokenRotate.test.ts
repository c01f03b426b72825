import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSwitchboard } from '../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

// `token --rotate` for a tool that `use` set up through the proxy: the old token stops working,
// so the tool's own files must get the new one, or the tool is refused from then on.
describe('switchboard token --rotate', () => {
  let t: TempEnv;
  const sb = (...args: string[]) => runSwitchboard(args, t.env);
  const claudeSettings = () => path.join(t.env.CLAUDE_CONFIG_DIR!, 'settings.json');
  const codexConfig = () => path.join(t.env.CODEX_HOME!, 'config.toml');

  beforeAll(async () => {
    t = makeTempEnv();
    expect((await sb('provider', 'add', 'gw', '--base-url', 'http://127.0.0.1:9/v1', '--key', 'sk-rotate-test-0123456789')).code).toBe(0);
    fs.mkdirSync(t.env.CLAUDE_CONFIG_DIR!, { recursive: true });
    fs.writeFileSync(claudeSettings(), JSON.stringify({ env: { MY_VAR: '1' }, permissions: { allow: ['Bash(ls:*)'] } }, null, 4) + '\n');
    expect((await sb('use', 'gw', '--client', 'claude', '--model', 'claude-sonnet-4-6', '--no-check')).code).toBe(0);
    expect((await sb('use', 'gw', '--client', 'codex', '--no-check')).code).toBe(0);
  });
  afterAll(() => t.cleanup());

  it('writes the new token into the files of a tool set up through the proxy, keeping the rest', async () => {
    const old = (await sb('token', '--client', 'claude')).stdout.trim();
    const rotated = await sb('token', '--client', 'claude', '--rotate');
    expect(rotated.code).toBe(0);
    const token = rotated.stdout.trim();
    expect(rotated.stdout).toBe(`${token}\n`);
    expect(token).toMatch(/^sb-/);
    expect(token).not.toBe(old);
    expect(rotated.stderr).toBe(`updated ${claudeSettings()} with the new token\n`);
    const settings = JSON.parse(fs.readFileSync(claudeSettings(), 'utf8'));
    expect(settings.env).toMatchObject({ MY_VAR: '1', ANTHROPIC_AUTH_TOKEN: token, ANTHROPIC_MODEL: 'claude-sonnet-4-6' });
    expect(settings.permissions).toEqual({ allow: ['Bash(ls:*)'] });
    const status = JSON.parse((await sb('status', '--json')).stdout);
    expect(status.clients.find((c: { client: string }) => c.client === 'claude')).toMatchObject({ drift: [], applied: { provider: 'gw', mode: 'proxy' } });
    expect((await sb('restore', '--client', 'claude', '--list')).stdout).toContain('before using gw (proxy)');
  });

  it('changes only the token, keeping settings edited by hand since the last use', async () => {
    const edited = fs.readFileSync(claudeSettings(), 'utf8').replace('"ANTHROPIC_DEFAULT_OPUS_MODEL": "claude-sonnet-4-6"', '"ANTHROPIC_DEFAULT_OPUS_MODEL": "claude-opus-4-1"');
    fs.writeFileSync(claudeSettings(), edited);
    const old = (await sb('token', '--client', 'claude')).stdout.trim();
    const rotated = await sb('token', '--client', 'claude', '--rotate');
    expect(rotated.code).toBe(0);
    expect(fs.readFileSync(claudeSettings(), 'utf8')).toBe(edited.replace(old, rotated.stdout.trim()));
    const status = JSON.parse((await sb('status', '--json')).stdout);
    expect(status.clients.find((c: { client: string }) => c.client === 'claude').drift).toEqual([
      { file: claudeSettings(), key: 'env.ANTHROPIC_DEFAULT_OPUS_MODEL', expected: 'claude-sonnet-4-6', actual: 'claude-opus-4-1' },
    ]);
    expect((await sb('restore', '--client', 'claude', '--list')).stdout).toContain('before rotating the local token');
  });

  it('keeps the old token when a file that holds it is read-only, so the tool still works', async () => {
    const old = (await sb('token', '--client', 'claude')).stdout.trim();
    const before = fs.readFileSync(claudeSettings(), 'utf8');
    fs.chmodSync(claudeSettings(), 0o400);
    try {
      const rotated = await sb('token', '--client', 'claude', '--rotate');
      expect(rotated.code).not.toBe(0);
      expect(rotated.stderr).toMatch(/^switchboard: .*settings\.json is read-only; .* Nothing was changed\.\n$/);
    } finally {
      fs.chmodSync(claudeSettings(), 0o600);
    }
    expect((await sb('token', '--client', 'claude')).stdout.trim()).toBe(old);
    expect(fs.readFileSync(claudeSettings(), 'utf8')).toBe(before);
  });

  it('changes nothing when the tool\'s file does not parse', async () => {
    const old = (await sb('token', '--client', 'codex')).stdout.trim();
    fs.appendFileSync(codexConfig(), '[broken\n');
    const broken = fs.readFileSync(codexConfig(), 'utf8');
    const rotated = await sb('token', '--client', 'codex', '--rotate');
    expect(rotated.code).not.toBe(0);
    expect(rotated.stdout).toBe('');
    expect(rotated.stderr).toMatch(/^switchboard: .*config\.toml line \d+/);
    expect((await sb('token', '--client', 'codex')).stdout.trim()).toBe(old);
    expect(fs.readFileSync(codexConfig(), 'utf8')).toBe(broken);
  });

  it('leaves the files of a tool switched elsewhere by hand as they are, and says so', async () => {
    expect((await sb('use', 'gw', '--client', 'hermes', '--no-check')).code).toBe(0);
    const hermesConfig = path.join(t.env.HERMES_HOME!, 'config.yaml');
    const byHand = '# switched back by hand\nmodel:\n  provider: custom\n  base_url: https://other.example.com/v1\n  api_key: sk-by-hand-0123456789\n';
    fs.writeFileSync(hermesConfig, byHand);
    const rotated = await sb('token', '--client', 'hermes', '--rotate');
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toMatch(/^sb-\S+\n$/);
    expect(rotated.stderr).toBe(
      'Hermes Agent\'s files no longer hold its old token (they were changed outside Switchboard), so they were left as they are; "switchboard use <provider> --client hermes" points it at the proxy again.\n',
    );
    expect(fs.readFileSync(hermesConfig, 'utf8')).toBe(byHand);
    expect(JSON.parse((await sb('token', '--client', 'hermes', '--rotate', '--json')).stdout)).toMatchObject({ updated: [], leftAsTheyAre: true });
  });

  it('names no file for GUI chat clients, which need the token pasted in', async () => {
    const rotated = await sb('token', '--client', 'chat', '--rotate', '--json');
    expect(rotated.code).toBe(0);
    expect(JSON.parse(rotated.stdout)).toMatchObject({ client: 'chat', updated: [], leftAsTheyAre: false });
  });
});
