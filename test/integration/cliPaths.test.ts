import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSwitchboard } from '../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

/** The tools' folders where they usually are, under the home folder, so their paths can be shown as ~. */
function homeFolders(t: TempEnv): NodeJS.ProcessEnv {
  const home = t.env.HOME!;
  return { ...t.env, CLAUDE_CONFIG_DIR: path.join(home, '.claude'), CODEX_HOME: path.join(home, '.codex'), HERMES_HOME: path.join(home, '.hermes') };
}

describe('paths the command line prints', () => {
  let t: TempEnv;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => runSwitchboard(args, env);
  beforeAll(async () => {
    t = makeTempEnv();
    env = homeFolders(t);
    await cli('provider', 'add', 'gw', '--base-url', 'https://gw.example.com', '--key', 'sk-paths0123456789', '--protocols', 'chat,anthropic,responses');
  });
  afterAll(() => t.cleanup());

  it('use names every tool’s files with the home folder as ~, as its diffs do; --json keeps absolute paths', async () => {
    const expected = { claude: '~/.claude/settings.json', codex: '~/.codex/config.toml', hermes: '~/.hermes/config.yaml' };
    for (const [client, shown] of Object.entries(expected)) {
      const dry = await cli('use', 'gw', '--client', client, '--dry-run', '--no-check');
      expect(dry.stdout).toContain(`+++ ${shown}`);
      const use = await cli('use', 'gw', '--client', client, '--no-check');
      expect(use.code).toBe(0);
      expect(use.stdout).toContain(`created ${shown}\n`);
      expect(use.stdout).not.toContain(env.HOME!);
      const again = await cli('use', 'gw', '--client', client, '--mode', 'direct', '--no-check', '--json');
      const files = (JSON.parse(again.stdout) as { files: { path: string; changed: boolean }[] }).files;
      expect(files.find((f) => f.changed)!.path).toBe(path.join(env.HOME!, shown.slice(2)));
    }
  });

  it('restore and restore --list name the files with ~ too', async () => {
    await cli('use', 'gw', '--client', 'codex', '--no-check');
    const list = await cli('restore', '--client', 'codex', '--list');
    expect(list.stdout).toContain('~/.codex/config.toml (original)');
    expect(list.stdout).not.toContain(env.HOME!);
    const restore = await cli('restore', '--client', 'codex');
    expect(restore.stdout).toMatch(/^Restored codex from backup #\d+: ~\/\.codex\/config\.toml/);
  });
});
