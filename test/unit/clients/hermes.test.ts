import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { hermesModule } from '../../../electron/core/clients/hermes';
import { expectLinesKeptInOrder } from './lines';
import { GATEWAY_KEY, LOCAL_TOKEN, NONE, PATHS, directTarget, proxyTarget, texts } from './targets';

const CONFIG = '/u/.hermes/config.yaml';
const ENV = '/u/.hermes/.env';

const RICH = `# Hermes Agent
model:
  default: anthropic/claude-sonnet-4
  provider: openrouter
  api_mode: codex_responses
terminal:
  backend: docker   # sandboxed
  timeout: 180
toolsets:
  - web
  - terminal
`;

const fileAt = (plan: ReturnType<typeof hermesModule.plan>, path: string) => plan.files.find((f) => f.path === path);

describe('Hermes planner', () => {
  it('writes a fresh config.yaml with the key inline (0600) when there is no file', () => {
    const plan = hermesModule.plan(PATHS, NONE, directTarget({ model: 'gpt-4o' }), []);
    expect(plan.files).toHaveLength(1);
    expect(plan.files[0]).toMatchObject({ path: CONFIG, before: null, secret: true });
    expect(plan.files[0].after).toBe(`model:\n  provider: custom\n  base_url: https://gw.example.com/v1\n  default: gpt-4o\n  api_key: ${GATEWAY_KEY}\n`);
    expect(plan.owned).toContainEqual({ file: CONFIG, key: 'model.api_key', value: GATEWAY_KEY, secret: true });
  });

  it('merges into a rich config: other settings and comments stay, a stale api_mode goes', () => {
    const plan = hermesModule.plan(PATHS, texts({ [CONFIG]: RICH }), proxyTarget(), []);
    const after = plan.files[0].after;
    expectLinesKeptInOrder(RICH, after, ['  provider: openrouter', '  api_mode: codex_responses']);
    const data = parse(after);
    expect(data.model).toEqual({ default: 'anthropic/claude-sonnet-4', provider: 'custom', base_url: 'http://127.0.0.1:17170/v1', api_key: LOCAL_TOKEN });
    expect(data.terminal).toEqual({ backend: 'docker', timeout: 180 });
    expect(data.toolsets).toEqual(['web', 'terminal']);
  });

  it('keeps the key in .env when config.yaml names it with key_env', () => {
    const config = 'model:\n  provider: custom\n  key_env: MY_GATEWAY_KEY\n  api_key: stale-inline-key-123\n';
    const env = '# secrets\nOPENROUTER_API_KEY=sk-or-1\nMY_GATEWAY_KEY=old\n';
    const plan = hermesModule.plan(PATHS, texts({ [CONFIG]: config, [ENV]: env }), directTarget(), []);
    expect(fileAt(plan, CONFIG)).toMatchObject({ secret: false });
    expect(parse(fileAt(plan, CONFIG)!.after).model).toEqual({ provider: 'custom', key_env: 'MY_GATEWAY_KEY', base_url: 'https://gw.example.com/v1' });
    expect(fileAt(plan, ENV)).toMatchObject({ secret: true, after: `# secrets\nOPENROUTER_API_KEY=sk-or-1\nMY_GATEWAY_KEY=${GATEWAY_KEY}\n` });
    expect(hermesModule.read(PATHS, texts({ [CONFIG]: fileAt(plan, CONFIG)!.after, [ENV]: fileAt(plan, ENV)!.after })).key).toBe(GATEWAY_KEY);
  });

  it('keeps an api_key: ${NAME} reference and writes the value to .env', () => {
    const plan = hermesModule.plan(PATHS, texts({ [CONFIG]: 'model:\n  api_key: ${GW_KEY}\n' }), directTarget(), []);
    expect(parse(fileAt(plan, CONFIG)!.after).model.api_key).toBe('${GW_KEY}');
    expect(fileAt(plan, ENV)!.after).toBe(`GW_KEY=${GATEWAY_KEY}\n`);
  });

  it('points a model block that is an alias of a shared anchor, leaving the anchor and its other uses as they were', () => {
    const config = 'presets:\n  openrouter: &or\n    provider: openrouter\n    default: x/y\n    api_mode: codex_responses\nmodel: *or\nfallback_model: *or\n';
    const after = hermesModule.plan(PATHS, texts({ [CONFIG]: config }), proxyTarget(), []).files[0].after;
    const data = parse(after);
    expect(data.model).toEqual({ provider: 'custom', default: 'x/y', base_url: 'http://127.0.0.1:17170/v1', api_key: LOCAL_TOKEN });
    expect(data.fallback_model).toEqual({ provider: 'openrouter', default: 'x/y', api_mode: 'codex_responses' });
    expect(data.presets.openrouter).toEqual(data.fallback_model);
  });

  it('reads a model block built with a << merge key as Hermes does, and overrides the merged keys', () => {
    const config = `gateway: &gw\n  provider: custom\n  base_url: https://old.example.com/v1\n  api_key: sk-merged-key-0123456789\nmodel:\n  <<: *gw\n  default: x/y\n`;
    expect(hermesModule.read(PATHS, texts({ [CONFIG]: config }))).toMatchObject({ baseUrl: 'https://old.example.com/v1', key: 'sk-merged-key-0123456789', model: 'x/y' });
    const after = hermesModule.plan(PATHS, texts({ [CONFIG]: config }), directTarget(), []).files[0].after;
    expect(after.startsWith(config)).toBe(true);
    expect(hermesModule.read(PATHS, texts({ [CONFIG]: after }))).toMatchObject({ baseUrl: 'https://gw.example.com/v1', key: GATEWAY_KEY, model: 'x/y' });
  });

  it('switches a model block whose stale api_mode comes through a << merge key, leaving the anchor to the mappings that share it', () => {
    const config = `openrouter: &or\n  provider: openrouter\n  api_mode: codex_responses\nmodel:\n  <<: *or\n  default: x/y\nfallback_model:\n  <<: *or\n  default: z\n`;
    const after = hermesModule.plan(PATHS, texts({ [CONFIG]: config }), proxyTarget(), []).files[0].after;
    const data = parse(after, { merge: true });
    expect(data.model).toEqual({ provider: 'custom', api_mode: 'chat_completions', default: 'x/y', base_url: 'http://127.0.0.1:17170/v1', api_key: LOCAL_TOKEN });
    expect(data.fallback_model).toEqual({ provider: 'openrouter', api_mode: 'codex_responses', default: 'z' });
    expect(after.startsWith(config.slice(0, config.indexOf('  default: x/y')))).toBe(true);
  });

  it('switches a model block that a root-level << merge key brings in, with its own copy, leaving the anchor to the mappings that share it', () => {
    const config = `defaults: &base\n  model:\n    default: x/y\n    provider: openrouter\n  agent:\n    max_turns: 30\n<<: *base\nprofiles:\n  work:\n    <<: *base\n`;
    expect(hermesModule.read(PATHS, texts({ [CONFIG]: config }))).toMatchObject({ baseUrl: null, model: 'x/y' });
    const after = hermesModule.plan(PATHS, texts({ [CONFIG]: config }), proxyTarget(), []).files[0].after;
    expect(after.startsWith(config.slice(0, config.indexOf('profiles:')))).toBe(true);
    expect(after.endsWith('profiles:\n  work:\n    <<: *base\n')).toBe(true);
    expect(hermesModule.read(PATHS, texts({ [CONFIG]: after }))).toMatchObject({ baseUrl: 'http://127.0.0.1:17170/v1', key: LOCAL_TOKEN, model: 'x/y' });
    const before = parse(config, { merge: true });
    const data = parse(after, { merge: true });
    expect(data.agent).toEqual({ max_turns: 30 });
    expect(data.defaults).toEqual(before.defaults);
    expect(data.profiles).toEqual(before.profiles);
  });

  it('turns a bare model name into a block that keeps it', () => {
    const plan = hermesModule.plan(PATHS, texts({ [CONFIG]: 'model: anthropic/claude-opus-4\n' }), directTarget(), []);
    expect(parse(plan.files[0].after).model).toEqual({ default: 'anthropic/claude-opus-4', provider: 'custom', base_url: 'https://gw.example.com/v1', api_key: GATEWAY_KEY });
    expect(hermesModule.read(PATHS, texts({ [CONFIG]: 'model: anthropic/claude-opus-4\n' }))).toEqual({ baseUrl: null, model: 'anthropic/claude-opus-4', key: null, owned: [] });
  });

  /** use B --model mB, then use A without a model, each plan seeing the file and owned values the last one left. */
  const switchBackFrom = (config: string | null) => {
    const b = hermesModule.plan(PATHS, config === null ? NONE : texts({ [CONFIG]: config }), directTarget({ model: 'mB' }), []);
    return (edit: (text: string) => string = (t) => t) => hermesModule.plan(PATHS, texts({ [CONFIG]: edit(b.files[0].after) }), proxyTarget(), b.owned);
  };

  it('gives back the user’s own model after a switch with a model and one without', () => {
    const a = switchBackFrom('model:\n  default: my-hermes-model\n  provider: openrouter\n')();
    expect(parse(a.files[0].after).model).toEqual({ default: 'my-hermes-model', provider: 'custom', base_url: 'http://127.0.0.1:17170/v1', api_key: LOCAL_TOKEN });
    expect(a.owned.map((v) => v.key)).toEqual(['model.provider', 'model.base_url', 'model.api_key']);
    const bare = switchBackFrom('model: my-hermes-model\n')();
    expect(hermesModule.read(PATHS, texts({ [CONFIG]: bare.files[0].after })).model).toBe('my-hermes-model');
  });

  it('drops the model it set when the user had none, and keeps one the user edited since', () => {
    expect(parse(switchBackFrom(null)().files[0].after).model).toEqual({ provider: 'custom', base_url: 'http://127.0.0.1:17170/v1', api_key: LOCAL_TOKEN });
    const edited = switchBackFrom('model:\n  default: my-hermes-model\n')((t) => t.replace('default: mB', 'default: typed-by-hand'));
    expect(parse(edited.files[0].after).model.default).toBe('typed-by-hand');
  });

  it('launches with a private HERMES_HOME overlay whose config holds the key, not the command line', () => {
    const plan = hermesModule.launch({ paths: PATHS, texts: texts({ [CONFIG]: RICH }), target: proxyTarget(), tempDir: '/tmp/run', toolArgs: ['chat', '-q', 'hi'] });
    expect(plan).toMatchObject({ command: 'hermes', args: ['chat', '-q', 'hi'], env: { HERMES_HOME: '/tmp/run/hermes-home' }, overlay: { real: '/u/.hermes', dir: '/tmp/run/hermes-home' } });
    expect(plan.tempFiles[0].path).toBe('/tmp/run/hermes-home/config.yaml');
    expect(parse(plan.tempFiles[0].text).model).toMatchObject({ provider: 'custom', base_url: 'http://127.0.0.1:17170/v1', api_key: LOCAL_TOKEN });
    expect(parse(plan.tempFiles[0].text).terminal).toEqual({ backend: 'docker', timeout: 180 });
  });
});
