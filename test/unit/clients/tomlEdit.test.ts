import iarna from '@iarna/toml';
import { describe, expect, it } from 'vitest';
import type { SwitchboardError } from '../../../electron/core/errors';
import { editToml, readTomlConfig, type TomlEdit } from '../../../electron/core/files/tomlEdit';
import { expectLinesKeptInOrder } from './lines';

const FILE = '/home/u/.codex/config.toml';

const RICH = `# Codex config, hand-written
# second comment line
approval_policy = "on-request"   # ask me
sandbox_mode = "workspace-write"

[tui]
notifications = true # ping me

# local models
[model_providers.ollama]
name = "Ollama"
base_url = "http://localhost:11434/v1"

[model_providers.switchboard]
# my own note inside the owned table
name = "old name"
stream_idle_timeout_ms = 300000 # user-added
experimental_bearer_token = 'sk-old-token-123456'

[projects."/home/u/My Project"]
trust_level = "trusted"

[mcp_servers.docs]
command = "npx"
args = ["-y", "docs-mcp"]   # keep me

[[skills]]
name = "a"
`;

const EDITS: TomlEdit[] = [
  { path: ['model'], value: 'gpt-5' },
  { path: ['model_provider'], value: 'switchboard' },
  { path: ['model_providers', 'switchboard', 'name'], value: 'Switchboard (gw)' },
  { path: ['model_providers', 'switchboard', 'base_url'], value: 'http://127.0.0.1:17170/v1' },
  { path: ['model_providers', 'switchboard', 'wire_api'], value: 'responses' },
  { path: ['model_providers', 'switchboard', 'experimental_bearer_token'], value: 'sb-new-token-abcdef' },
  { path: ['model_providers', 'switchboard', 'env_key'], value: undefined },
];

describe('editToml', () => {
  it('splices owned keys into a rich file and leaves every other line in place', () => {
    const after = editToml(RICH, FILE, EDITS);
    expectLinesKeptInOrder(RICH, after, ['name = "old name"', "experimental_bearer_token = 'sk-old-token-123456'"]);
    // Top-level keys land before the first table header, right after the existing top-level keys.
    expect(after.startsWith('# Codex config, hand-written\n# second comment line\napproval_policy = "on-request"   # ask me\nsandbox_mode = "workspace-write"\nmodel = "gpt-5"\nmodel_provider = "switchboard"\n\n[tui]\n')).toBe(true);
    // The old literal-string style is kept for the replaced token; the user's key and comment stay in the table.
    expect(after).toContain(
      '[model_providers.switchboard]\n# my own note inside the owned table\nname = "Switchboard (gw)"\nstream_idle_timeout_ms = 300000 # user-added\nexperimental_bearer_token = \'sb-new-token-abcdef\'\nbase_url = "http://127.0.0.1:17170/v1"\nwire_api = "responses"\n\n[projects.',
    );
    const parsed = iarna.parse(after) as Record<string, any>;
    expect(parsed.model_providers.ollama).toEqual({ name: 'Ollama', base_url: 'http://localhost:11434/v1' });
    expect(parsed.model_providers.switchboard).toEqual({
      name: 'Switchboard (gw)',
      stream_idle_timeout_ms: 300000,
      experimental_bearer_token: 'sb-new-token-abcdef',
      base_url: 'http://127.0.0.1:17170/v1',
      wire_api: 'responses',
    });
    expect(parsed.projects['/home/u/My Project']).toEqual({ trust_level: 'trusted' });
    expect(parsed.skills).toEqual([{ name: 'a' }]);
  });

  it('puts top-level keys above the comment block of the first table when there are none yet', () => {
    const before = '# header comment\n\n# tui settings\n[tui]\nnotifications = true\n';
    const after = editToml(before, FILE, EDITS.slice(0, 3));
    expect(after).toBe(
      '# header comment\n\nmodel = "gpt-5"\nmodel_provider = "switchboard"\n\n# tui settings\n[tui]\nnotifications = true\n\n[model_providers.switchboard]\nname = "Switchboard (gw)"\n',
    );
  });

  it('writes a fresh file from nothing', () => {
    expect(editToml(null, FILE, EDITS.slice(0, 4))).toBe(
      'model = "gpt-5"\nmodel_provider = "switchboard"\n\n[model_providers.switchboard]\nname = "Switchboard (gw)"\nbase_url = "http://127.0.0.1:17170/v1"\n',
    );
  });

  it('removes a key together with its trailing comment and nothing else', () => {
    const before = 'a = 1\nb = 2 # about b\nc = 3\n';
    expect(editToml(before, FILE, [{ path: ['b'], value: undefined }])).toBe('a = 1\nc = 3\n');
  });

  it('keeps a trailing comment when a value is replaced, and CRLF line endings', () => {
    expect(editToml('model = "o3"   # mine\r\n[t]\r\nx = 1\r\n', FILE, [{ path: ['model'], value: 'gpt-5' }, { path: ['t', 'y'], value: true }])).toBe(
      'model = "gpt-5"   # mine\r\n[t]\r\nx = 1\r\ny = true\r\n',
    );
  });

  it('escapes strings so they parse back exactly', () => {
    const tricky = 'quote " backslash \\ tab \t del \u007f unicode é';
    const after = editToml('', FILE, [{ path: ['s'], value: tricky }]);
    expect((iarna.parse(after) as { s: string }).s).toBe(tricky);
  });

  it('edits providers kept as inline tables or dotted keys through the comment-preserving fallback', () => {
    const inline = editToml('# keep\nmodel_providers = { other = { name = "o" } }\n', FILE, EDITS.slice(2, 4));
    expect(inline.startsWith('# keep\n')).toBe(true);
    expect((iarna.parse(inline) as any).model_providers).toEqual({ other: { name: 'o' }, switchboard: { name: 'Switchboard (gw)', base_url: 'http://127.0.0.1:17170/v1' } });
    const dotted = editToml('model_providers.switchboard.name = "o"\nfoo = 1 # c\n', FILE, EDITS.slice(2, 4));
    expect(dotted).toContain('foo = 1 # c');
    expect((iarna.parse(dotted) as any).model_providers.switchboard).toEqual({ name: 'Switchboard (gw)', base_url: 'http://127.0.0.1:17170/v1' });
  });

  it('refuses invalid TOML with file, line, column and reason', () => {
    const problems: [string, RegExp][] = [
      ['approval_policy = "never"\nmodel gpt\n', /^~?\/home\/u\/\.codex\/config\.toml line 2, column 7: expected "=" for key-value; fix or remove the line, then try again\. Nothing was changed\.$/],
      ['[t]\na = 1\n[t]\n', /line 3, column 1: table already defined: t;/],
      ['a = "open\n', /line 1, column 10: newline \(0x0A\) not allowed in basic strings;/],
    ];
    for (const [text, message] of problems) {
      let error: SwitchboardError | undefined;
      try {
        editToml(text, FILE, EDITS);
      } catch (err) {
        error = err as SwitchboardError;
      }
      expect(error?.code).toBe('config_unparsable');
      expect(error?.message).toMatch(message);
    }
  });

  it('masks a key the parser quotes from a line it rejects, and still says where and what', () => {
    const secret = 'sk-SECRETSECRETSECRET1234';
    const problems: [string, string][] = [
      [`model = "gpt-5"\n[model_providers.x]\nexperimental_bearer_token = ${secret}\n`, 'line 3, column 29: invalid float "sk-…1234"; fix or remove the line'],
      [`token = 2024-01-01T${secret}\n`, 'line 1, column 9: invalid datetime "…1234";'],
      [`"${secret}" = 1\n"${secret}" = 2\n`, 'line 2, column 1: value already defined for sk-…1234;'],
      ['token = a1b2c3d4e5f6a7b8c9d0e1f2\n', 'line 1, column 9: invalid float "…e1f2";'],
    ];
    for (const [text, message] of problems) {
      let error: SwitchboardError | undefined;
      try {
        readTomlConfig(text, FILE);
      } catch (err) {
        error = err as SwitchboardError;
      }
      expect(error?.code).toBe('config_unparsable');
      expect(error?.message).toContain(message);
      expect(error?.message).not.toMatch(/SECRET|a1b2c3d4/);
    }
  });
});

describe('editToml with dates and absent parents', () => {
  it('edits files holding TOML dates and ignores removals under tables that do not exist', () => {
    const before = 'env_key = "top-level, not the provider one"\nsince = 2024-01-15\nat = 1979-05-27T07:32:00-08:00\n';
    const after = editToml(before, FILE, [
      { path: ['model_providers', 'switchboard', 'env_key'], value: undefined },
      { path: ['model'], value: 'm' },
    ]);
    expect(after).toBe(`${before}model = "m"\n`);
  });
});
