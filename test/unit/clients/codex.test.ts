import iarna from '@iarna/toml';
import { describe, expect, it } from 'vitest';
import { codexModule } from '../../../electron/core/clients/codex';
import type { SwitchboardError } from '../../../electron/core/errors';
import { CHATGPT_LOGIN } from '../../helpers/clientTargets';
import { expectLinesKeptInOrder } from './lines';
import { GATEWAY_KEY, LOCAL_TOKEN, NONE, PATHS, directTarget, proxyTarget, texts } from './targets';

const CONFIG = '/u/.codex/config.toml';
const AUTH = '/u/.codex/auth.json';

const RICH = `# my codex setup
model = "o3"
approval_policy = "on-request"

[model_providers.ollama]
name = "Ollama"
base_url = "http://localhost:11434/v1"

[profiles.fast]
model = "gpt-5-mini"

[mcp_servers.docs]
command = "npx"
args = ["-y", "docs-mcp"]
`;

const parsed = (text: string) => iarna.parse(text) as Record<string, any>;
const fileAt = (plan: ReturnType<typeof codexModule.plan>, path: string) => plan.files.find((f) => f.path === path);

describe('Codex planner', () => {
  it('writes config.toml and auth.json from nothing (auth.json form), URL ending in /v1', () => {
    const plan = codexModule.plan(PATHS, NONE, directTarget({ model: 'gpt-5' }), []);
    expect(fileAt(plan, CONFIG)?.after).toBe(
      'model_provider = "switchboard"\nmodel = "gpt-5"\n\n[model_providers.switchboard]\nname = "Switchboard (gw)"\nbase_url = "https://gw.example.com/v1"\nwire_api = "responses"\nrequires_openai_auth = true\n',
    );
    expect(fileAt(plan, CONFIG)?.secret).toBe(false);
    expect(fileAt(plan, AUTH)).toMatchObject({ before: null, secret: true });
    expect(JSON.parse(fileAt(plan, AUTH)!.after)).toEqual({ OPENAI_API_KEY: GATEWAY_KEY });
    expect(plan.owned.map((v) => v.key)).toEqual([
      'model',
      'model_provider',
      'model_providers.switchboard.name',
      'model_providers.switchboard.base_url',
      'model_providers.switchboard.wire_api',
      'model_providers.switchboard.requires_openai_auth',
      'OPENAI_API_KEY',
    ]);
  });

  it('keeps a ChatGPT login byte-identical by putting the key in the provider table (auto)', () => {
    const plan = codexModule.plan(PATHS, texts({ [AUTH]: CHATGPT_LOGIN }), proxyTarget(), []);
    expect(fileAt(plan, AUTH)).toBeUndefined();
    const config = fileAt(plan, CONFIG)!;
    expect(config.secret).toBe(true);
    expect(parsed(config.after).model_providers.switchboard).toEqual({
      name: 'Switchboard (gw)',
      base_url: 'http://127.0.0.1:17170/v1',
      wire_api: 'responses',
      experimental_bearer_token: LOCAL_TOKEN,
    });
  });

  it('refuses the auth.json form when auth.json holds a ChatGPT login', () => {
    let error: SwitchboardError | undefined;
    try {
      codexModule.plan(PATHS, texts({ [AUTH]: CHATGPT_LOGIN }), directTarget({ codexAuth: 'auth-json' }), []);
    } catch (err) {
      error = err as SwitchboardError;
    }
    expect(error?.code).toBe('conflict');
    expect(error?.message).toMatch(/auth\.json holds a ChatGPT login.*--codex-auth bearer/);
  });

  it('switches between key forms without leaving the other one behind', () => {
    const first = codexModule.plan(PATHS, NONE, directTarget(), []);
    const switched = codexModule.plan(
      PATHS,
      texts({ [CONFIG]: fileAt(first, CONFIG)!.after.replace('wire_api', 'env_key = "OLD"\nwire_api'), [AUTH]: fileAt(first, AUTH)!.after }),
      directTarget({ codexAuth: 'bearer' }),
      first.owned,
    );
    const table = parsed(fileAt(switched, CONFIG)!.after).model_providers.switchboard;
    expect(table).toEqual({ name: 'Switchboard (gw)', base_url: 'https://gw.example.com/v1', wire_api: 'responses', experimental_bearer_token: GATEWAY_KEY });
    // The key Switchboard wrote into auth.json goes with the form: left there, no one would own it.
    const auth = fileAt(switched, AUTH)!;
    expect(JSON.parse(auth.after)).toEqual({});
    expect(auth.secret).toBe(true);
    expect(switched.owned.some((o) => o.file === AUTH)).toBe(false);
  });

  it('switching to the bearer form leaves a key the user put in auth.json since', () => {
    const first = codexModule.plan(PATHS, NONE, directTarget(), []);
    const edited = JSON.stringify({ OPENAI_API_KEY: 'sk-users-own-0000000000' });
    const switched = codexModule.plan(PATHS, texts({ [CONFIG]: fileAt(first, CONFIG)!.after, [AUTH]: edited }), directTarget({ codexAuth: 'bearer' }), first.owned);
    expect(fileAt(switched, AUTH)).toBeUndefined();
  });

  it('on auto, keeps the bearer form a file already uses (a token rotated or a provider switched from the tray)', () => {
    const bearer = codexModule.plan(PATHS, NONE, directTarget({ codexAuth: 'bearer' }), []);
    const again = codexModule.plan(PATHS, texts({ [CONFIG]: fileAt(bearer, CONFIG)!.after }), proxyTarget({ codexAuth: 'auto' }), bearer.owned);
    expect(parsed(fileAt(again, CONFIG)!.after).model_providers.switchboard.experimental_bearer_token).toBe(LOCAL_TOKEN);
    expect(fileAt(again, AUTH)).toBeUndefined();
  });

  it('merges into a rich config, keeping every other line and the model', () => {
    const plan = codexModule.plan(PATHS, texts({ [CONFIG]: RICH }), directTarget(), [{ file: CONFIG, key: 'model', value: 'other', secret: false }]);
    const after = fileAt(plan, CONFIG)!.after;
    expectLinesKeptInOrder(RICH, after);
    expect(after.indexOf('model_provider = "switchboard"')).toBeLessThan(after.indexOf('[model_providers.ollama]'));
    const data = parsed(after);
    expect(data.model).toBe('o3');
    expect(data.profiles).toEqual({ fast: { model: 'gpt-5-mini' } });
    expect(data.model_providers.ollama).toEqual({ name: 'Ollama', base_url: 'http://localhost:11434/v1' });
  });

  it('keeps a model line an older Switchboard wrote without recording what it replaced, and still owns it', () => {
    const kept = codexModule.plan(PATHS, texts({ [CONFIG]: RICH }), directTarget(), [{ file: CONFIG, key: 'model', value: 'o3', secret: false }]);
    expect(parsed(fileAt(kept, CONFIG)!.after).model).toBe('o3');
    expect(kept.owned).toContainEqual({ file: CONFIG, key: 'model', value: 'o3', secret: false });
    const replaced = codexModule.plan(PATHS, texts({ [CONFIG]: RICH }), directTarget({ model: 'gpt-5' }), [{ file: CONFIG, key: 'model', value: 'o3', secret: false }]);
    expect(parsed(fileAt(replaced, CONFIG)!.after).model).toBe('gpt-5');
  });

  it('gives back the user’s own model after a switch with a model and one without, and drops one the user never had', () => {
    const switchBack = (config: string | null, edit: (text: string) => string = (t) => t) => {
      const b = codexModule.plan(PATHS, config === null ? NONE : texts({ [CONFIG]: config }), directTarget({ model: 'gpt-5' }), []);
      const a = codexModule.plan(PATHS, texts({ [CONFIG]: edit(fileAt(b, CONFIG)!.after) }), proxyTarget(), b.owned);
      return { b, config: parsed(fileAt(a, CONFIG)!.after), owned: a.owned.map((v) => v.key) };
    };
    const own = switchBack(RICH);
    expect(own.b.owned).toContainEqual({ file: CONFIG, key: 'model', value: 'gpt-5', secret: false, replaced: 'o3' });
    expect(own.config.model).toBe('o3');
    expect(own.config.profiles).toEqual({ fast: { model: 'gpt-5-mini' } });
    expect(own.owned).not.toContain('model');
    const none = switchBack(null);
    expect(none.config).not.toHaveProperty('model');
    expect(none.config.model_provider).toBe('switchboard');
    expect(switchBack(RICH, (t) => t.replace('model = "gpt-5"', 'model = "typed-by-hand"')).config.model).toBe('typed-by-hand');
  });

  it('reads the provider in use and where its key comes from', () => {
    const bearer = codexModule.plan(PATHS, texts({ [AUTH]: CHATGPT_LOGIN }), proxyTarget({ model: 'm' }), []);
    expect(codexModule.read(PATHS, texts({ [CONFIG]: fileAt(bearer, CONFIG)!.after, [AUTH]: CHATGPT_LOGIN }))).toMatchObject({
      baseUrl: 'http://127.0.0.1:17170/v1',
      model: 'm',
      key: LOCAL_TOKEN,
    });
    const authJson = codexModule.plan(PATHS, NONE, directTarget(), []);
    expect(codexModule.read(PATHS, texts({ [CONFIG]: fileAt(authJson, CONFIG)!.after, [AUTH]: fileAt(authJson, AUTH)!.after })).key).toBe(GATEWAY_KEY);
    expect(codexModule.read(PATHS, texts({ [CONFIG]: RICH })).baseUrl).toBeNull();
  });

  /** The error plan() throws for these files. */
  const planRefusal = (files: Record<string, string>) => {
    try {
      codexModule.plan(PATHS, texts(files), directTarget(), []);
    } catch (err) {
      return err as SwitchboardError;
    }
    throw new Error('expected a refusal');
  };

  it('says a top-level profile with no [profiles.x] table keeps Codex from starting, and refuses to switch', () => {
    const config = `model = "o3"\nprofile = "work"\n\n[profiles.fast]\nmodel = "gpt-5-mini"\n`;
    const clause = `${CONFIG} line 2 sets profile = "work", but the file has no [profiles.work] table, so Codex refuses to start`;
    expect(codexModule.read(PATHS, texts({ [CONFIG]: config })).problem).toBe(`${clause}; remove that line.`);
    const error = planRefusal({ [CONFIG]: config });
    expect(error.code).toBe('conflict');
    expect(error.message).toBe(`${clause}; remove that line, then try again. Nothing was changed.`);
  });

  it('reads a selected profile’s provider and model over the top level’s, as Codex does, and says the switch would not take', () => {
    const config = `profile = "local"\nmodel_provider = "openai"\n\n[model_providers.ollama]\nbase_url = "http://localhost:11434/v1"\n\n[profiles.local]\nmodel_provider = "ollama"\nmodel = "qwen3"\n`;
    const reading = codexModule.read(PATHS, texts({ [CONFIG]: config }));
    expect(reading).toMatchObject({ baseUrl: 'http://localhost:11434/v1', model: 'qwen3' });
    const clause = `${CONFIG} line 1 sets profile = "local", which Codex 0.134 and later refuse to start with (older versions take model_provider and model from [profiles.local], not the ones Switchboard sets)`;
    const remedy = 'move the settings of [profiles.local] to /u/.codex/local.config.toml, which "codex --profile local" reads, and remove that line';
    expect(reading.problem).toBe(`${clause}; ${remedy}.`);
    expect(planRefusal({ [CONFIG]: config }).message).toBe(`${clause}; ${remedy}, then try again. Nothing was changed.`);
    expect(codexModule.read(PATHS, texts({ [CONFIG]: RICH })).problem).toBeUndefined();
  });

  it('says a provider table with wire_api = "chat" keeps Codex from starting, even unselected, and refuses to switch or run', () => {
    const config = `model = "o3"\n\n[model_providers.ollama]\nname = "Ollama"\nbase_url = "http://localhost:11434/v1"\nwire_api = "chat"\n`;
    const clause = `${CONFIG} line 6 sets wire_api = "chat" in [model_providers.ollama], which current Codex refuses to start with (it speaks only the Responses API now)`;
    const remedy = 'set it to "responses" if that provider serves /v1/responses, or remove the [model_providers.ollama] table';
    expect(codexModule.read(PATHS, texts({ [CONFIG]: config })).problem).toBe(`${clause}; ${remedy}.`);
    expect(planRefusal({ [CONFIG]: config }).message).toBe(`${clause}; ${remedy}, then try again. Nothing was changed.`);
    expect(() => codexModule.launch({ paths: PATHS, texts: texts({ [CONFIG]: config }), target: directTarget(), tempDir: '/tmp/run', toolArgs: [] })).toThrow(clause);
    // An inline table is found by the line of its key.
    const inline = `[model_providers]\nollama = { base_url = "http://localhost:11434/v1", wire_api = "chat" }\n`;
    expect(codexModule.read(PATHS, texts({ [CONFIG]: inline })).problem).toMatch(/line 2 sets wire_api = "chat" in \[model_providers\.ollama\]/);
  });

  it('says approval_policy = "untrusted" keeps Codex from starting, and refuses to switch or run', () => {
    const config = `model = "o3"\napproval_policy = "untrusted"\n`;
    const clause = `${CONFIG} line 2 sets approval_policy = "untrusted", which current Codex refuses to start with`;
    const remedy = 'remove that line, or set "on-request" (Codex asks when a command needs more than the sandbox allows) or "never"';
    expect(codexModule.read(PATHS, texts({ [CONFIG]: config })).problem).toBe(`${clause}; ${remedy}.`);
    expect(planRefusal({ [CONFIG]: config }).message).toBe(`${clause}; ${remedy}, then try again. Nothing was changed.`);
    expect(() => codexModule.launch({ paths: PATHS, texts: texts({ [CONFIG]: config }), target: directTarget(), tempDir: '/tmp/run', toolArgs: [] })).toThrow(clause);
    expect(codexModule.read(PATHS, texts({ [CONFIG]: 'approval_policy = "on-request"\n' })).problem).toBeUndefined();
  });

  it('sets its own table\'s wire_api = "chat" (an older writer\'s) to "responses" instead of refusing', () => {
    const config = `model_provider = "switchboard"\n\n[model_providers.switchboard]\nname = "Old"\nbase_url = "https://old.example.com/v1"\nwire_api = "chat"\n`;
    expect(codexModule.read(PATHS, texts({ [CONFIG]: config })).problem).toMatch(/wire_api = "chat" in \[model_providers\.switchboard\]/);
    const plan = codexModule.plan(PATHS, texts({ [CONFIG]: config }), directTarget(), []);
    expect(parsed(fileAt(plan, CONFIG)!.after).model_providers.switchboard.wire_api).toBe('responses');
  });

  it('launches with -c overrides and the key in an environment variable only', () => {
    const plan = codexModule.launch({ paths: PATHS, texts: NONE, target: directTarget({ model: 'gpt-5' }), tempDir: '/tmp/run', toolArgs: ['exec', 'hi'] });
    expect(plan.command).toBe('codex');
    expect(plan.args).toEqual([
      '-c',
      'model_provider="switchboard-run"',
      '-c',
      'model_providers.switchboard-run={ name = "Switchboard (gw)", base_url = "https://gw.example.com/v1", wire_api = "responses", env_key = "SWITCHBOARD_CODEX_API_KEY" }',
      '-c',
      'model="gpt-5"',
      'exec',
      'hi',
    ]);
    expect(JSON.stringify(plan.args)).not.toContain(GATEWAY_KEY);
    expect(plan.env).toEqual({ SWITCHBOARD_CODEX_API_KEY: GATEWAY_KEY });
    expect(plan.tempFiles).toEqual([]);
  });
});
