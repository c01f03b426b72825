/**
 * The switchboard command end to end: `use` writes a tool's files so the real CLI reaches the
 * gateway with the provider's key, and `run` starts the real CLI once against another gateway while
 * the global files stay exactly as they were.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTinyAnthropicUpstream, startTinyResponsesUpstream, type TinyUpstream } from '../fixtures/tinyUpstreams';
import { runSwitchboard } from '../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

const BIN = path.resolve(import.meta.dirname, '../../node_modules/.bin');

function runTool(t: TempEnv, command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(path.join(BIN, command), args, {
      cwd: t.root,
      env: { ...t.env, PATH: `${BIN}${path.delimiter}${process.env.PATH}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    proc.stdout!.on('data', (c) => (output += c));
    proc.stderr!.on('data', (c) => (output += c));
    const timer = setTimeout(() => proc.kill('SIGKILL'), 60_000);
    proc.on('error', reject);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('switchboard use and run with the real CLIs', () => {
  let t: TempEnv;
  const upstreams: TinyUpstream[] = [];

  beforeEach(() => {
    t = makeTempEnv();
  });
  afterEach(async () => {
    await Promise.all(upstreams.splice(0).map((u) => u.close()));
    t.cleanup();
  });

  async function sb(...args: string[]) {
    const r = await runSwitchboard(args, { ...t.env, PATH: `${BIN}${path.delimiter}${process.env.PATH}` });
    expect(r.stderr, `switchboard ${args.join(' ')}`).toBe('');
    expect(r.code).toBe(0);
    return r.stdout;
  }

  it('use --client codex --mode direct: Codex reaches the gateway with the provider key', async () => {
    const up = await startTinyResponsesUpstream('Codex got here through Switchboard.');
    upstreams.push(up);
    await sb('provider', 'add', 'resp', '--base-url', up.url, '--key', 'sk-codex-direct-0123456789', '--protocols', 'responses');
    const out = await sb('use', 'resp', '--client', 'codex', '--mode', 'direct', '--model', 'tiny-model');
    expect(out).toMatch(/resp accepted the key/);
    expect(out).toMatch(/codex now uses resp \(direct, model tiny-model\)/);

    const result = await runTool(t, 'codex', ['exec', '--skip-git-repo-check', 'say hi']);
    expect(result.output).toContain('Codex got here through Switchboard.');
    const calls = up.requests.filter((r) => r.path.startsWith('/v1/responses'));
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) expect(c.headers.authorization).toBe('Bearer sk-codex-direct-0123456789');
  }, 120_000);

  it('use --client claude --mode direct, then run claude against another provider without touching settings.json', async () => {
    const main = await startTinyAnthropicUpstream('Answer from the main gateway.');
    const other = await startTinyAnthropicUpstream('Answer from the other gateway.');
    upstreams.push(main, other);
    await sb('provider', 'add', 'main', '--base-url', main.url, '--key', 'sk-main-000000000001', '--protocols', 'anthropic', '--models', 'tiny-model');
    await sb('provider', 'add', 'other', '--base-url', other.url, '--key', 'sk-other-00000000002', '--protocols', 'anthropic', '--models', 'tiny-model');
    await sb('use', 'main', '--client', 'claude', '--mode', 'direct', '--onboarding');

    const settingsFile = path.join(t.paths.claudeDir, 'settings.json');
    const settingsBefore = fs.readFileSync(settingsFile, 'utf8');
    expect(JSON.parse(settingsBefore).env.ANTHROPIC_BASE_URL).toBe(main.url);

    const global = await runTool(t, 'claude', ['-p', 'say hi']);
    expect(global.output).toContain('Answer from the main gateway.');

    const r = await runSwitchboard(['run', 'claude', '--provider', 'other', '--', '-p', 'say hi'], { ...t.env, PATH: `${BIN}${path.delimiter}${process.env.PATH}` });
    expect(r.stdout).toContain('Answer from the other gateway.');
    expect(r.code).toBe(0);
    const otherCalls = other.requests.filter((q) => q.method === 'POST' && q.path.startsWith('/v1/messages'));
    expect(otherCalls.length).toBeGreaterThan(0);
    for (const c of otherCalls) expect(c.headers.authorization).toBe('Bearer sk-other-00000000002');
    // the global configuration is byte-for-byte what `use` wrote
    expect(fs.readFileSync(settingsFile, 'utf8')).toBe(settingsBefore);
    // no temp settings file with the key is left behind
    expect(r.stdout + r.stderr).not.toContain('sk-other-00000000002');
  }, 180_000);

  it('run codex with a top-level profile in config.toml says what to do, in the sentence use says, and does not start Codex', async () => {
    const up = await startTinyResponsesUpstream('Codex should not get here.');
    upstreams.push(up);
    await sb('provider', 'add', 'resp', '--base-url', up.url, '--key', 'sk-codex-profile-0123456789', '--protocols', 'responses');
    const config = '# mine\nprofile = "local"\n\n[profiles.local]\nmodel_provider = "openai"\n';
    const file = path.join(t.paths.codexHome, 'config.toml');
    fs.mkdirSync(t.paths.codexHome, { recursive: true });
    fs.writeFileSync(file, config);
    const env = { ...t.env, PATH: `${BIN}${path.delimiter}${process.env.PATH}` };

    // The real Codex, started without Switchboard's check, fails with its own message.
    const bare = await runTool(t, 'codex', ['exec', '--skip-git-repo-check', '-c', 'model_provider="openai"', 'say hi']);
    expect(bare.code).not.toBe(0);
    expect(bare.output).toMatch(/profile = "local"/);

    const refused = await runSwitchboard(['use', 'resp', '--client', 'codex', '--mode', 'direct', '--no-check'], env);
    const run = await runSwitchboard(['run', 'codex', '--provider', 'resp', '--', 'exec', '--skip-git-repo-check', 'say hi'], env);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toMatch(/config\.toml line 2 sets profile = "local", which Codex 0\.134 and later refuse to start with .*local\.config\.toml.*then try again\. Nothing was changed\.$/);
    expect(run.stderr).toBe(refused.stderr);
    expect(run.stderr).not.toMatch(/no longer supported/);
    expect(up.requests).toEqual([]);
    expect(fs.readFileSync(file, 'utf8')).toBe(config);
  }, 120_000);

  it('status reports drift when an owned setting is edited outside Switchboard, and restore brings the file back', async () => {
    const up = await startTinyAnthropicUpstream();
    upstreams.push(up);
    fs.mkdirSync(t.paths.claudeDir, { recursive: true });
    const original = '{\n    "theme": "dark",\n    "env": { "FOO": "bar" }\n}\n';
    fs.writeFileSync(path.join(t.paths.claudeDir, 'settings.json'), original);
    await sb('provider', 'add', 'gw', '--base-url', up.url, '--key', 'sk-drift-0000000000001', '--protocols', 'anthropic', '--models', 'tiny-model');
    await sb('use', 'gw', '--client', 'claude', '--mode', 'direct', '--no-check');

    const file = path.join(t.paths.claudeDir, 'settings.json');
    const edited = JSON.parse(fs.readFileSync(file, 'utf8'));
    edited.env.ANTHROPIC_BASE_URL = 'https://elsewhere.example.com';
    fs.writeFileSync(file, JSON.stringify(edited, null, 4));
    const status = JSON.parse(await sb('status', '--json'));
    const claude = status.clients.find((c: { client: string }) => c.client === 'claude');
    expect(claude.drift).toEqual([expect.objectContaining({ key: expect.stringContaining('ANTHROPIC_BASE_URL'), actual: 'https://elsewhere.example.com' })]);

    const human = await sb('status');
    expect(human).toMatch(/claude\s+gw\s+direct.*drift/);

    await sb('restore', '--client', 'claude', '--backup', String(JSON.parse(await sb('restore', '--client', 'claude', '--list', '--json')).at(-1).id));
    expect(fs.readFileSync(file, 'utf8')).toBe(original);
  }, 60_000);
});
