/**
 * The real Codex CLI and Claude Code CLI from npm, configured only by what Switchboard's client
 * service wrote into temp folders, talking to tiny local upstreams: the key Switchboard wrote must
 * arrive as the Bearer token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClientService } from '../../electron/core/clients/service';
import type { ClientTarget } from '../../electron/core/clients/types';
import { createMemorySecretStore } from '../../electron/core/secrets/aesGcmStore';
import { openDatabase } from '../../electron/core/store/db';
import type { ToolClient } from '../../shared/schemas';
import { startTinyAnthropicUpstream, startTinyResponsesUpstream, type TinyUpstream } from '../fixtures/tinyUpstreams';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

const BIN = path.resolve(import.meta.dirname, '../../node_modules/.bin');
const RUN_TIMEOUT_MS = 60_000;

const CHATGPT_LOGIN = `${JSON.stringify(
  {
    auth_mode: 'chatgpt',
    OPENAI_API_KEY: null,
    tokens: { id_token: 'not-a-real-id-token', access_token: 'not-a-real-access-token', refresh_token: 'not-a-real-refresh-token', account_id: 'acct-e2e' },
    last_refresh: new Date().toISOString(),
  },
  null,
  2,
)}\n`;

interface Run {
  code: number | null;
  output: string;
}

describe('real CLIs configured by the client service', () => {
  let t: TempEnv;
  let upstream: TinyUpstream | undefined;
  let child: ChildProcess | undefined;

  // One secret store for the test's services: backups sealed by one are opened by the next.
  let secrets: ReturnType<typeof createMemorySecretStore>;

  beforeEach(() => {
    t = makeTempEnv();
    secrets = createMemorySecretStore();
  });
  afterEach(async () => {
    child?.kill('SIGKILL');
    child = undefined;
    await upstream?.close();
    upstream = undefined;
    t.cleanup();
  });

  async function withService<T>(use: (service: ReturnType<typeof createClientService>) => Promise<T>): Promise<T> {
    const db = openDatabase(path.join(t.paths.home, 'switchboard.db'));
    try {
      return await use(createClientService({ db, secrets, paths: t.paths, now: Date.now, env: t.env }));
    } finally {
      db.close();
    }
  }

  const apply = (client: ToolClient, target: ClientTarget) =>
    withService((service) => service.apply({ client, providerId: null, providerName: target.providerName, target, dryRun: false }));

  /** Runs a CLI with only the temp folders (and `shellEnv`) in its environment; stdin closed, killed after the timeout. */
  function run(command: string, args: string[], shellEnv: Record<string, string> = {}): Promise<Run> {
    return new Promise((resolve, reject) => {
      const env = { ...shellEnv, PATH: `${BIN}${path.delimiter}${process.env.PATH}`, HOME: t.env.HOME, CODEX_HOME: t.env.CODEX_HOME, CLAUDE_CONFIG_DIR: t.env.CLAUDE_CONFIG_DIR };
      const proc = spawn(path.join(BIN, command), args, { cwd: t.root, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      let output = '';
      proc.stdout!.on('data', (c) => (output += c));
      proc.stderr!.on('data', (c) => (output += c));
      const timer = setTimeout(() => proc.kill('SIGKILL'), RUN_TIMEOUT_MS);
      proc.on('error', reject);
      proc.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
  }

  const target = (up: { url: string }, apiKey: string, overrides: Partial<ClientTarget> = {}): ClientTarget => ({
    providerName: 'tiny',
    mode: 'proxy',
    openaiBaseUrl: `${up.url}/v1`,
    anthropicBaseUrl: up.url,
    apiKey,
    onboarding: false,
    codexAuth: 'auto',
    ...overrides,
  });

  it.each([
    { form: 'auth.json', codexAuth: 'auth-json' as const, key: 'sk-e2e-authjson-0123456789', login: false },
    { form: 'bearer token (ChatGPT login kept)', codexAuth: 'auto' as const, key: 'sb-e2e-bearer-0123456789', login: true },
  ])('Codex sends the key from the $form form', async ({ codexAuth, key, login }) => {
    upstream = await startTinyResponsesUpstream('Hello from the tiny upstream.');
    const authFile = path.join(t.paths.codexHome, 'auth.json');
    if (login) {
      fs.mkdirSync(t.paths.codexHome, { recursive: true });
      fs.writeFileSync(authFile, CHATGPT_LOGIN, { mode: 0o600 });
    }
    await apply('codex', target(upstream, key, { codexAuth, model: 'tiny-model' }));
    if (login) expect(fs.readFileSync(authFile, 'utf8')).toBe(CHATGPT_LOGIN);

    const result = await run('codex', ['exec', '--skip-git-repo-check', 'say hi']);
    expect(result.output).toContain('Hello from the tiny upstream.');
    expect(result.code).toBe(0);
    const calls = upstream.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/v1/responses'));
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call.headers.authorization).toBe(`Bearer ${key}`);
    if (login) expect(fs.readFileSync(authFile, 'utf8')).toBe(CHATGPT_LOGIN);
  }, 90_000);

  it.each([
    { setting: 'a top-level profile that names no table', config: 'profile = "work"\n', said: /line 1 sets profile = "work", .*refuses to start/, codexSays: /profile/ },
    {
      setting: 'a top-level profile whose table sets the provider',
      config: 'profile = "local"\n\n[profiles.local]\nmodel_provider = "openai"\n',
      said: /line 1 sets profile = "local", .*refuse to start/,
      codexSays: /profile/,
    },
    {
      setting: 'an unselected provider table with wire_api = "chat"',
      config: '[model_providers.old]\nname = "Old"\nbase_url = "http://127.0.0.1:9/v1"\nwire_api = "chat"\n',
      said: /line 4 sets wire_api = "chat" in \[model_providers\.old\], which current Codex refuses to start with/,
      codexSays: /wire_api = "chat".* no longer supported/,
    },
    {
      setting: 'approval_policy = "untrusted"',
      config: 'approval_policy = "untrusted"\n',
      said: /line 1 sets approval_policy = "untrusted", which current Codex refuses to start with/,
      codexSays: /approval_policy = "untrusted" is no longer supported/,
    },
  ])('$setting: status says Codex will not start, use refuses, and the real Codex indeed refuses', async ({ config, said, codexSays }) => {
    const file = path.join(t.paths.codexHome, 'config.toml');
    fs.mkdirSync(t.paths.codexHome, { recursive: true });
    fs.writeFileSync(file, config);
    expect(await withService(async (service) => service.status().find((s) => s.client === 'codex')!.error)).toMatch(said);
    await expect(apply('codex', target({ url: 'http://127.0.0.1:9' }, 'sk-e2e-profile-0123456789'))).rejects.toMatchObject({ code: 'conflict' });
    expect(fs.readFileSync(file, 'utf8')).toBe(config);
    const result = await run('codex', ['exec', '--skip-git-repo-check', 'say hi']);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(codexSays);
  }, 90_000);

  it('Claude Code sends the token written into settings.json as a Bearer token', async () => {
    upstream = await startTinyAnthropicUpstream('Hello from the tiny Anthropic upstream.');
    const token = 'sb-e2e-claude-0123456789abcdef';
    await apply('claude', target(upstream, token, { onboarding: true }));

    const result = await run('claude', ['-p', 'say hi']);
    expect(result.output).toContain('Hello from the tiny Anthropic upstream.');
    expect(result.code).toBe(0);
    const calls = upstream.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/v1/messages'));
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.headers.authorization).toBe(`Bearer ${token}`);
      expect(call.headers['x-api-key']).toBeUndefined();
    }

    // Claude Code keeps its own state in the .claude.json Switchboard created: a restore keeps it, taking back the flag alone.
    const { hasCompletedOnboarding, ...toolState } = JSON.parse(fs.readFileSync(t.paths.claudeJson, 'utf8')) as Record<string, unknown>;
    expect(hasCompletedOnboarding).toBe(true);
    expect(Object.keys(toolState).length).toBeGreaterThan(0);
    await withService((service) => service.restore('claude'));
    expect(JSON.parse(fs.readFileSync(t.paths.claudeJson, 'utf8'))).toEqual(toolState);
    expect(fs.existsSync(path.join(t.paths.claudeDir, 'settings.json'))).toBe(false);
  }, 90_000);

  // Claude Code reads the deprecated ANTHROPIC_SMALL_FAST_MODEL before ANTHROPIC_DEFAULT_HAIKU_MODEL
  // for the calls it makes besides the conversation, such as the session's title.
  it.each<{ where: string; settings: object; shellEnv: Record<string, string> }>([
    { where: 'settings.json', settings: { env: { ANTHROPIC_SMALL_FAST_MODEL: 'claude-3-5-haiku-20241022' } }, shellEnv: {} },
    { where: 'the shell', settings: {}, shellEnv: { ANTHROPIC_SMALL_FAST_MODEL: 'claude-3-5-haiku-20241022' } },
  ])('Claude Code asks only for the model Switchboard set, with a stale ANTHROPIC_SMALL_FAST_MODEL in $where', async ({ settings, shellEnv }) => {
    upstream = await startTinyAnthropicUpstream('Hello from the tiny Anthropic upstream.');
    fs.mkdirSync(t.paths.claudeDir, { recursive: true });
    fs.writeFileSync(path.join(t.paths.claudeDir, 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
    await apply('claude', target(upstream, 'sk-e2e-claude-model-0123456789', { mode: 'direct', model: 'gw-model-1', onboarding: true }));

    const result = await run('claude', ['-p', 'Fetch the page.'], shellEnv);
    expect(result.output).toContain('Hello from the tiny Anthropic upstream.');
    expect(result.code).toBe(0);
    const models = upstream.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/v1/messages')).map((r) => (JSON.parse(r.body) as { model: string }).model);
    expect(models.length).toBeGreaterThan(1);
    expect(new Set(models)).toEqual(new Set(['gw-model-1']));
  }, 90_000);
});
