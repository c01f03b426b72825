import { describe, expect, it } from 'vitest';
import { claudeModule } from '../../../electron/core/clients/claude';
import type { SwitchboardError } from '../../../electron/core/errors';
import { expectLinesKeptInOrder } from './lines';
import { GATEWAY_KEY, LOCAL_TOKEN, NONE, PATHS, directTarget, proxyTarget, texts } from './targets';

const SETTINGS = '/u/.claude/settings.json';

const RICH = `{
    "model": "opus",
    "permissions": {
        "allow": ["Bash(npm run test:*)", "Read(~/.zshrc)"],
        "deny": []
    },
    "env": {
        "BASH_DEFAULT_TIMEOUT_MS": "60000",
        "ANTHROPIC_API_KEY": "sk-ant-old-key-000000000",
        "ANTHROPIC_BASE_URL": "https://old.example.com"
    },
    "hooks": {
        "PostToolUse": [{ "matcher": "Edit", "hooks": [{ "type": "command", "command": "prettier --write" }] }]
    },
    "includeCoAuthoredBy": false
}
`;

const envOf = (text: string) => JSON.parse(text).env as Record<string, string>;

describe('Claude Code planner', () => {
  it('writes a fresh settings.json with the gateway root URL, Bearer token and model (direct mode)', () => {
    const { files, owned } = claudeModule.plan(PATHS, NONE, directTarget({ model: 'claude-x' }), []);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ path: SETTINGS, before: null, secret: true });
    expect(envOf(files[0].after)).toEqual({
      ANTHROPIC_BASE_URL: 'https://gw.example.com',
      ANTHROPIC_AUTH_TOKEN: GATEWAY_KEY,
      ANTHROPIC_MODEL: 'claude-x',
      ANTHROPIC_DEFAULT_HAIKU_MODEL: 'claude-x',
      ANTHROPIC_DEFAULT_SONNET_MODEL: 'claude-x',
      ANTHROPIC_DEFAULT_OPUS_MODEL: 'claude-x',
      ANTHROPIC_SMALL_FAST_MODEL: '',
      ANTHROPIC_API_KEY: '',
    });
    expect(owned.find((v) => v.key === 'env.ANTHROPIC_AUTH_TOKEN')).toEqual({ file: SETTINGS, key: 'env.ANTHROPIC_AUTH_TOKEN', value: GATEWAY_KEY, secret: true });
  });

  it('points at the local proxy with the local token and quiets non-essential traffic (proxy mode)', () => {
    const env = envOf(claudeModule.plan(PATHS, NONE, proxyTarget(), []).files[0].after);
    expect(env).toEqual({ ANTHROPIC_BASE_URL: 'http://127.0.0.1:17170', ANTHROPIC_AUTH_TOKEN: LOCAL_TOKEN, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', ANTHROPIC_API_KEY: '' });
  });

  // Settings env wins over the shell's: a blank key keeps a shell's ANTHROPIC_API_KEY from going to the gateway too.
  it('merges into a rich settings.json: the conflicting API key is blanked, everything else stays', () => {
    const { files } = claudeModule.plan(PATHS, texts({ [SETTINGS]: RICH }), directTarget(), []);
    const after = files[0].after;
    expectLinesKeptInOrder(RICH, after, ['        "ANTHROPIC_API_KEY": "sk-ant-old-key-000000000",', '        "ANTHROPIC_BASE_URL": "https://old.example.com"']);
    const before = JSON.parse(RICH);
    const parsed = JSON.parse(after);
    expect(parsed.env).toEqual({ ANTHROPIC_API_KEY: '', BASH_DEFAULT_TIMEOUT_MS: '60000', ANTHROPIC_BASE_URL: 'https://gw.example.com', ANTHROPIC_AUTH_TOKEN: GATEWAY_KEY });
    for (const key of ['model', 'permissions', 'hooks', 'includeCoAuthoredBy']) expect(parsed[key]).toEqual(before[key]);
    expect(Object.keys(parsed)).toEqual(Object.keys(before));
  });

  it('switches off Bedrock, Vertex and Foundry in settings (Claude Code would ignore the gateway), for good and for one run', () => {
    const cloud = '{\n  "env": {\n    "CLAUDE_CODE_USE_BEDROCK": "1",\n    "CLAUDE_CODE_USE_VERTEX": "true",\n    "CLAUDE_CODE_USE_FOUNDRY": "1",\n    "AWS_REGION": "us-east-1"\n  }\n}\n';
    const env = envOf(claudeModule.plan(PATHS, texts({ [SETTINGS]: cloud }), directTarget(), []).files[0].after);
    expect(env).toEqual({ AWS_REGION: 'us-east-1', ANTHROPIC_BASE_URL: 'https://gw.example.com', ANTHROPIC_AUTH_TOKEN: GATEWAY_KEY, ANTHROPIC_API_KEY: '' });
    const run = claudeModule.launch({ paths: PATHS, texts: NONE, target: proxyTarget(), tempDir: '/tmp/run', toolArgs: [] });
    expect(JSON.parse(run.tempFiles[0].text).env).toMatchObject({ CLAUDE_CODE_USE_BEDROCK: '', CLAUDE_CODE_USE_VERTEX: '', CLAUDE_CODE_USE_FOUNDRY: '' });
  });

  it('retires model settings it wrote earlier when no model is given, but keeps the user’s own', () => {
    const first = claudeModule.plan(PATHS, NONE, directTarget({ model: 'm1' }), []);
    const written = texts({ [SETTINGS]: first.files[0].after });
    expect(envOf(claudeModule.plan(PATHS, written, directTarget(), first.owned).files[0].after).ANTHROPIC_MODEL).toBeUndefined();
    const userEdited = texts({ [SETTINGS]: first.files[0].after.replace('"ANTHROPIC_MODEL": "m1"', '"ANTHROPIC_MODEL": "mine"') });
    const env = envOf(claudeModule.plan(PATHS, userEdited, directTarget(), first.owned).files[0].after);
    expect(env.ANTHROPIC_MODEL).toBe('mine');
    expect(env.ANTHROPIC_DEFAULT_OPUS_MODEL).toBeUndefined();
  });

  it('gives back the user’s own model when a switch without a model follows switches with one', () => {
    const own = texts({ [SETTINGS]: '{\n  "env": {\n    "ANTHROPIC_MODEL": "my-own-model"\n  }\n}\n' });
    const b = claudeModule.plan(PATHS, own, directTarget({ model: 'claude-x' }), []);
    expect(b.owned).toContainEqual({ file: SETTINGS, key: 'env.ANTHROPIC_MODEL', value: 'claude-x', secret: false, replaced: 'my-own-model' });
    const c = claudeModule.plan(PATHS, texts({ [SETTINGS]: b.files[0].after }), proxyTarget({ model: 'claude-y' }), b.owned);
    const a = claudeModule.plan(PATHS, texts({ [SETTINGS]: c.files[0].after }), directTarget(), c.owned);
    expect(envOf(a.files[0].after)).toEqual({ ANTHROPIC_MODEL: 'my-own-model', ANTHROPIC_BASE_URL: 'https://gw.example.com', ANTHROPIC_AUTH_TOKEN: GATEWAY_KEY, ANTHROPIC_API_KEY: '' });
    expect(a.owned.map((v) => v.key)).toEqual(['env.ANTHROPIC_BASE_URL', 'env.ANTHROPIC_AUTH_TOKEN']);
    expect(claudeModule.read(PATHS, texts({ [SETTINGS]: a.files[0].after })).model).toBe('my-own-model');
  });

  // Claude Code reads the deprecated ANTHROPIC_SMALL_FAST_MODEL before ANTHROPIC_DEFAULT_HAIKU_MODEL; empty counts as unset.
  it('blanks a leftover ANTHROPIC_SMALL_FAST_MODEL while it sets a model, and gives it back after', () => {
    const own = texts({ [SETTINGS]: '{\n  "env": {\n    "ANTHROPIC_SMALL_FAST_MODEL": "claude-3-5-haiku-20241022"\n  }\n}\n' });
    const withModel = claudeModule.plan(PATHS, own, directTarget({ model: 'claude-x' }), []);
    expect(envOf(withModel.files[0].after)).toMatchObject({ ANTHROPIC_SMALL_FAST_MODEL: '', ANTHROPIC_DEFAULT_HAIKU_MODEL: 'claude-x' });
    const without = claudeModule.plan(PATHS, texts({ [SETTINGS]: withModel.files[0].after }), directTarget(), withModel.owned);
    expect(envOf(without.files[0].after).ANTHROPIC_SMALL_FAST_MODEL).toBe('claude-3-5-haiku-20241022');
    // A shell's export is outvoted by the settings file, and by a run's own --settings.
    const run = claudeModule.launch({ paths: PATHS, texts: NONE, target: proxyTarget({ model: 'm' }), tempDir: '/tmp/run', toolArgs: [] });
    expect(JSON.parse(run.tempFiles[0].text).env.ANTHROPIC_SMALL_FAST_MODEL).toBe('');
  });

  it('keeps the user’s own quiet flag after a switch to the proxy and back to direct', () => {
    const own = texts({ [SETTINGS]: '{"env": {"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1"}}\n' });
    const proxy = claudeModule.plan(PATHS, own, proxyTarget(), []);
    const direct = claudeModule.plan(PATHS, texts({ [SETTINGS]: proxy.files[0].after }), directTarget(), proxy.owned);
    expect(envOf(direct.files[0].after).CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC).toBe('1');
    const fresh = claudeModule.plan(PATHS, NONE, proxyTarget(), []);
    expect(envOf(claudeModule.plan(PATHS, texts({ [SETTINGS]: fresh.files[0].after }), directTarget(), fresh.owned).files[0].after)).not.toHaveProperty('CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC');
  });

  it('merges the onboarding flag into .claude.json only when asked', () => {
    const claudeJson = '{\n  "numStartups": 3,\n  "projects": {}\n}\n';
    const asked = claudeModule.plan(PATHS, texts({ '/u/.claude.json': claudeJson }), directTarget({ onboarding: true }), []);
    expect(asked.files[1]).toMatchObject({ path: '/u/.claude.json', secret: false });
    expect(asked.files[1].after).toBe('{\n  "numStartups": 3,\n  "projects": {},\n  "hasCompletedOnboarding": true\n}\n');
    expect(claudeModule.plan(PATHS, texts({ '/u/.claude.json': claudeJson }), directTarget(), []).files).toHaveLength(1);
  });

  it('reads what the file points at, whoever wrote it', () => {
    expect(claudeModule.read(PATHS, texts({ [SETTINGS]: RICH }))).toEqual({
      baseUrl: 'https://old.example.com',
      model: 'opus',
      key: 'sk-ant-old-key-000000000',
      owned: [{ file: SETTINGS, key: 'env.ANTHROPIC_BASE_URL', value: 'https://old.example.com', secret: false }],
    });
  });

  it('refuses an unparsable settings.json with file, line and reason', () => {
    let error: SwitchboardError | undefined;
    try {
      claudeModule.plan(PATHS, texts({ [SETTINGS]: '{\n  "env": {\n    "A": "1",\n  }\n}\n' }), directTarget(), []);
    } catch (err) {
      error = err as SwitchboardError;
    }
    expect(error?.code).toBe('config_unparsable');
    expect(error?.message).toBe('/u/.claude/settings.json line 4, column 3: a comma before "}" (JSON allows no trailing comma); fix or remove the line, then try again. Nothing was changed.');
  });

  it('launches with a temporary --settings file and never puts the key on the command line', () => {
    const plan = claudeModule.launch({ paths: PATHS, texts: NONE, target: proxyTarget({ model: 'm' }), tempDir: '/tmp/run', toolArgs: ['-p', 'hi'] });
    expect(plan.command).toBe('claude');
    expect(plan.args).toEqual(['--settings', '/tmp/run/settings.json', '-p', 'hi']);
    expect(JSON.stringify(plan.args)).not.toContain(LOCAL_TOKEN);
    const env = JSON.parse(plan.tempFiles[0].text).env;
    expect(env).toMatchObject({ ANTHROPIC_BASE_URL: 'http://127.0.0.1:17170', ANTHROPIC_AUTH_TOKEN: LOCAL_TOKEN, ANTHROPIC_MODEL: 'm', ANTHROPIC_API_KEY: '' });
  });
});
