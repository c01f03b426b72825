import path from 'node:path';
import iarna from '@iarna/toml';
import { parse as parseYaml } from 'yaml';
import type { AppPaths } from '../../../electron/core/paths';
import type { ToolClient } from '../../../shared/schemas';
import { CHATGPT_LOGIN } from '../../helpers/clientTargets';

type Data = Record<string, any>;

/** One tool's fixtures for the shared service tests. */
export interface ClientCase {
  client: ToolClient;
  /** The file that holds the endpoint. */
  main(paths: AppPaths): string;
  /** A rich existing setup: the main file plus neighbours the apply must leave byte-identical. */
  rich(paths: AppPaths): Record<string, string>;
  /** Files of the rich setup that must not change at all. */
  untouched(paths: AppPaths): string[];
  /** Lines of the rich main file the apply replaces or removes. */
  ownedLines: string[];
  parse(text: string): Data;
  /** The parsed main file without what Switchboard owns: must be equal before and after. */
  unowned(data: Data): Data;
  broken: { text: string; line: number; column: number };
  /** An edit made outside the app to a value Switchboard wrote (to the gateway URL). */
  outsideEdit(text: string): string;
  driftKey: string;
  /** The main file as a user left it, with a model of their own: "my-own-model". */
  ownModel: string;
}

const clone = (d: Data): Data => structuredClone(d);

export const CLAUDE_RICH = `{
    "model": "opus",
    "permissions": {
        "allow": ["Bash(npm run test:*)", "Read(~/.zshrc)"],
        "deny": []
    },
    "env": {
        "BASH_DEFAULT_TIMEOUT_MS": "60000",
        "ANTHROPIC_API_KEY": "sk-ant-old-key-000000000"
    },
    "hooks": {
        "PostToolUse": [{ "matcher": "Edit", "hooks": [{ "type": "command", "command": "prettier --write" }] }]
    }
}
`;

export const CODEX_RICH = `# my codex setup
# (hand-written, keep the comments)
approval_policy = "on-request"   # ask first

[tui]
notifications = true

# a local model server
[model_providers.ollama]
name = "Ollama"
base_url = "http://localhost:11434/v1"

[projects."/home/me/work"]
trust_level = "trusted"

[mcp_servers.docs]
command = "npx"
args = ["-y", "docs-mcp"]   # pinned
`;

export const HERMES_RICH = `# Hermes Agent settings
model:
  default: anthropic/claude-sonnet-4   # my favourite
  provider: openrouter
  api_mode: codex_responses

terminal:
    backend: docker   # sandboxed
    timeout: 180
toolsets:
- web
- terminal
custom_providers:
  - name: Local
    base_url: http://localhost:8000/v1
`;

export const CASES: ClientCase[] = [
  {
    client: 'claude',
    main: (p) => path.join(p.claudeDir, 'settings.json'),
    rich: (p) => ({ [path.join(p.claudeDir, 'settings.json')]: CLAUDE_RICH, [p.claudeJson]: '{\n  "numStartups": 4\n}\n' }),
    untouched: (p) => [p.claudeJson],
    ownedLines: ['        "ANTHROPIC_API_KEY": "sk-ant-old-key-000000000"'],
    parse: (text) => JSON.parse(text),
    unowned: (data) => {
      const d = clone(data);
      for (const k of Object.keys(d.env ?? {})) if (k.startsWith('ANTHROPIC_') || k === 'CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC') delete d.env[k];
      return d;
    },
    broken: { text: '{\n  "env": {\n    "A": "1",\n  }\n}\n', line: 4, column: 3 },
    outsideEdit: (text) => text.replace('https://gw.example.com', 'https://elsewhere.example.com'),
    driftKey: 'env.ANTHROPIC_BASE_URL',
    ownModel: '{\n  "env": {\n    "ANTHROPIC_MODEL": "my-own-model"\n  }\n}\n',
  },
  {
    client: 'codex',
    main: (p) => path.join(p.codexHome, 'config.toml'),
    rich: (p) => ({ [path.join(p.codexHome, 'config.toml')]: CODEX_RICH, [path.join(p.codexHome, 'auth.json')]: CHATGPT_LOGIN }),
    untouched: (p) => [path.join(p.codexHome, 'auth.json')],
    ownedLines: [],
    parse: (text) => iarna.parse(text) as Data,
    unowned: (data) => {
      const d = clone(data);
      delete d.model_provider;
      delete d.model_providers?.switchboard;
      return d;
    },
    broken: { text: 'approval_policy = "never"\nmodel gpt-5\n', line: 2, column: 7 },
    outsideEdit: (text) => text.replace('https://gw.example.com/v1', 'https://elsewhere.example.com/v1'),
    driftKey: 'model_providers.switchboard.base_url',
    ownModel: 'model = "my-own-model"\n',
  },
  {
    client: 'hermes',
    main: (p) => path.join(p.hermesHome, 'config.yaml'),
    rich: (p) => ({ [path.join(p.hermesHome, 'config.yaml')]: HERMES_RICH, [path.join(p.hermesHome, '.env')]: '# keys\nOPENROUTER_API_KEY=sk-or-v1-abcdef\n' }),
    untouched: (p) => [path.join(p.hermesHome, '.env')],
    ownedLines: ['  provider: openrouter', '  api_mode: codex_responses'],
    parse: (text) => parseYaml(text) as Data,
    unowned: (data) => {
      const d = clone(data);
      for (const k of ['provider', 'base_url', 'api_key', 'api_mode']) delete d.model?.[k];
      return d;
    },
    broken: { text: 'model:\n  default: x\n\tprovider: custom\n', line: 3, column: 1 },
    outsideEdit: (text) => text.replace('https://gw.example.com/v1', 'https://elsewhere.example.com/v1'),
    driftKey: 'model.base_url',
    ownModel: 'model:\n  default: my-own-model\n',
  },
];
