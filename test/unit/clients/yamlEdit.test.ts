import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { SwitchboardError } from '../../../electron/core/errors';
import { editYaml, readYamlConfig, type YamlEdit } from '../../../electron/core/files/yamlEdit';
import { expectLinesKeptInOrder } from './lines';

const FILE = '/home/u/.hermes/config.yaml';

const RICH = `# Hermes config
model:
    default: "anthropic/claude-opus-4"   # the main model
    provider: openrouter
    base_url: 'https://openrouter.ai/api/v1'
    api_mode: codex_responses
    context_length: 200000

# terminal settings
terminal:
  backend: local
  env_passthrough: [FOO, BAR]
toolsets:
- web
- terminal
long_str: >
  folded text
  continues here
custom_providers:
  - name: Local
    base_url: http://localhost:8000/v1   # local vllm
    api_key: \${LOCAL_KEY}
anchors: &a
  x: 1
ref: *a
`;

const EDITS: YamlEdit[] = [
  { path: ['model', 'provider'], value: 'custom' },
  { path: ['model', 'base_url'], value: 'http://127.0.0.1:17170/v1' },
  { path: ['model', 'default'], value: 'gpt-4o' },
  { path: ['model', 'api_mode'], value: undefined },
  { path: ['model', 'api_key'], value: 'sb-local-token-123456' },
];

function refusal(text: string): SwitchboardError {
  try {
    editYaml(text, FILE, EDITS);
  } catch (err) {
    return err as SwitchboardError;
  }
  throw new Error('expected a refusal');
}

describe('editYaml', () => {
  it('changes only the owned keys of a rich file, keeping comments, quoting, indentation and folded text', () => {
    const after = editYaml(RICH, FILE, EDITS);
    expectLinesKeptInOrder(RICH, after, [
      '    default: "anthropic/claude-opus-4"   # the main model',
      '    provider: openrouter',
      "    base_url: 'https://openrouter.ai/api/v1'",
      '    api_mode: codex_responses',
    ]);
    expect(after).toContain(
      'model:\n    default: "gpt-4o"   # the main model\n    provider: custom\n    base_url: \'http://127.0.0.1:17170/v1\'\n    context_length: 200000\n    api_key: sb-local-token-123456\n\n# terminal settings\n',
    );
    const before = parse(RICH);
    const data = parse(after);
    expect(data.model).toEqual({ default: 'gpt-4o', provider: 'custom', base_url: 'http://127.0.0.1:17170/v1', context_length: 200000, api_key: 'sb-local-token-123456' });
    for (const key of ['terminal', 'toolsets', 'long_str', 'custom_providers', 'anchors', 'ref']) expect(data[key]).toEqual(before[key]);
  });

  it('turns a bare model name into a block and creates a missing file', () => {
    const after = editYaml('# c\nmodel: anthropic/claude # mine\nterminal:\n    backend: local\n', FILE, [{ path: ['model', 'default'], value: 'anthropic/claude' }, ...EDITS.slice(0, 2)]);
    expect(after).toBe('# c\nmodel:\n    default: anthropic/claude # mine\n    provider: custom\n    base_url: http://127.0.0.1:17170/v1\nterminal:\n    backend: local\n');
    expect(editYaml(null, FILE, EDITS.slice(0, 2))).toBe('model:\n  provider: custom\n  base_url: http://127.0.0.1:17170/v1\n');
  });

  it('quotes values that would otherwise read as something else', () => {
    const after = editYaml('model:\n  default: x\n', FILE, [{ path: ['model', 'default'], value: '123' }, { path: ['model', 'api_key'], value: 'key: with # hash' }]);
    expect(parse(after).model).toEqual({ default: '123', api_key: 'key: with # hash' });
  });

  it('removes a pair with its comment, and edits flow mappings through the Document API', () => {
    expect(editYaml('model:\n  default: x\n  api_key: abc # k\nz: 1\n', FILE, [{ path: ['model', 'api_key'], value: undefined }])).toBe('model:\n  default: x\nz: 1\n');
    const flow = editYaml('model: {default: x, provider: openrouter}\nother: 1 # kept\n', FILE, EDITS.slice(0, 2));
    expect(parse(flow)).toEqual({ model: { default: 'x', provider: 'custom', base_url: 'http://127.0.0.1:17170/v1' }, other: 1 });
    expect(flow).toContain('other: 1 # kept');
  });

  it('removes a key reached through an alias from this place alone, not from the anchor it shares', () => {
    const after = editYaml('shared: &s\n  api_mode: codex_responses\n  default: x\nmodel: *s\n', FILE, [{ path: ['model', 'api_mode'], value: undefined }]);
    expect(parse(after)).toEqual({ shared: { api_mode: 'codex_responses', default: 'x' }, model: { default: 'x' } });
  });

  const MERGED = 'base: &base\n  api_mode: codex_responses\n  api_key: sk-shared-key-0123456789\nmodel:\n  <<: *base\n  default: x\nfallback_model:\n  <<: *base\n';

  it('overrides a key a << merge key brings in with its shadow value on the mapping itself, leaving the anchor and its other users', () => {
    const after = editYaml(MERGED, FILE, [{ path: ['model', 'api_mode'], value: undefined, shadow: 'chat_completions' }]);
    expect(after).toBe(MERGED.replace('  default: x\n', '  default: x\n  api_mode: chat_completions\n'));
    expect(parse(after, { merge: true })).toMatchObject({ model: { api_mode: 'chat_completions' }, fallback_model: { api_mode: 'codex_responses' }, base: { api_mode: 'codex_responses' } });
  });

  it('refuses to remove a key a << merge key would still bring in, naming the key and the merge’s line', () => {
    for (const text of [MERGED, MERGED.replace('  default: x\n', '  default: x\n  api_key: own-key-0123456789\n')]) {
      let error: SwitchboardError | undefined;
      try {
        editYaml(text, FILE, [{ path: ['model', 'api_key'], value: undefined }]);
      } catch (err) {
        error = err as SwitchboardError;
      }
      expect(error?.code).toBe('conflict');
      expect(error?.message).toMatch(
        /^~?\/home\/u\/\.hermes\/config\.yaml line 5: model\.api_key comes in through the << merge key there, and Switchboard must remove it but cannot without changing the anchor other mappings share; take api_key out of that anchor, then try again\. Nothing was changed\.$/,
      );
    }
  });

  it('copies a mapping that a root-level << merge key brings in onto the root, so edits leave the anchor and its other users', () => {
    const text = '# shared\ndefaults: &base\n    model:\n        default: x/y   # mine\n        api_mode: codex_responses\n    agent: {max_turns: 30}\n<<: *base\nother:\n    <<: *base\n';
    const after = editYaml(text, FILE, EDITS);
    expect(after).toBe(
      text.replace(
        '<<: *base\nother:',
        '<<: *base\nmodel:\n    default: gpt-4o # mine\n    provider: custom\n    base_url: http://127.0.0.1:17170/v1\n    api_key: sb-local-token-123456\nother:',
      ),
    );
    const before = parse(text, { merge: true });
    const data = parse(after, { merge: true });
    expect(data.model).toEqual({ default: 'gpt-4o', provider: 'custom', base_url: 'http://127.0.0.1:17170/v1', api_key: 'sb-local-token-123456' });
    expect(data.agent).toEqual({ max_turns: 30 });
    expect(data.defaults).toEqual(before.defaults);
    expect(data.other).toEqual(before.other);
  });

  it('copies the first merge source that holds the mapping, in block style with CRLF line ends kept, or into a flow mapping', () => {
    const text = 'a: &a\r\n  model: {default: a, api_mode: codex_responses}\r\nb: &b\r\n  model: {default: b}\r\n<<: [*a, *b]\r\nz: 1\r\n';
    const after = editYaml(text, FILE, EDITS.slice(0, 2));
    expect(after).toBe(text.replace('z: 1', 'model:\r\n  default: a\r\n  api_mode: codex_responses\r\n  provider: custom\r\n  base_url: http://127.0.0.1:17170/v1\r\nz: 1'));
    const flow = editYaml('{a: &a {model: {default: a}}, <<: *a}\n', FILE, EDITS.slice(0, 2));
    expect(parse(flow, { merge: true })).toEqual({ a: { model: { default: 'a' } }, model: { default: 'a', provider: 'custom', base_url: 'http://127.0.0.1:17170/v1' } });
  });

  it('refuses a removal that a merge inside a mapping brought in by a root-level merge would undo, naming the line in the file as it is', () => {
    const text = 'gw: &gw\n  api_key: sk-shared-key-0123456789\ndefaults: &base\n  model:\n    <<: *gw\n    key_env: GW_KEY\n<<: *base\n';
    let error: SwitchboardError | undefined;
    try {
      editYaml(text, FILE, [{ path: ['model', 'provider'], value: 'custom' }, { path: ['model', 'api_key'], value: undefined }]);
    } catch (err) {
      error = err as SwitchboardError;
    }
    expect(error?.code).toBe('conflict');
    expect(error?.message).toMatch(/config\.yaml line 5: model\.api_key comes in through the << merge key there, .*take api_key out of that anchor, then try again\. Nothing was changed\.$/);
  });

  it('refuses invalid YAML with file, line, column and reason', () => {
    const bad = refusal('model:\n  default: x\n bad: [1, 2\n');
    expect(bad.code).toBe('config_unparsable');
    expect(bad.message).toMatch(/^~?\/home\/u\/\.hermes\/config\.yaml line \d+, column \d+: .+; fix or remove the line, then try again\. Nothing was changed\.$/);
    expect(refusal('- a\n- b\n').message).toMatch(/line 1: the file must hold a mapping of keys at the top/);
    expect(refusal('model:\n  default: x\n---\nterminal: {}\n').message).toMatch(
      /config\.yaml line 3, column 1: a second YAML document starts here, and Hermes reads a config of one document only; fix or remove the line, then try again\. Nothing was changed\.$/,
    );
  });

  it('turns an alias without its anchor into the same sentence, at the alias, with a key in it masked', () => {
    const secret = 'sk-SECRETSECRETSECRET1234';
    const error = refusal(`model:\n  default: x\n  api_key: *${secret}\n`);
    expect(error.code).toBe('config_unparsable');
    expect(error.message).toMatch(/^~?\/home\/u\/\.hermes\/config\.yaml line 3, column 12: unresolved alias \(the anchor must be set before the alias\): sk-…1234; fix or remove the line/);
    expect(readYamlConfig.bind(null, `api_key: *${secret}\n`, FILE)).toThrow(/sk-…1234/);
    expect(error.message).not.toContain('SECRET');
    expect(refusal('model:\n  <<: *gone\n  default: x\n').message).toMatch(/line 2, column 7: merge sources must be maps or map aliases; fix or remove the line/);
  });
});
