import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSwitchboard } from '../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

const BIN = path.resolve(import.meta.dirname, '../../bin/switchboard.cjs');
const ZSH = ['/usr/bin/zsh', '/bin/zsh'].find((p) => fs.existsSync(p));

// The scripts `switchboard completion` prints, loaded by the real shells, with a `switchboard` on
// PATH that runs this checkout's command against a data folder holding two providers.
describe('shell completion', () => {
  let t: TempEnv;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    t = makeTempEnv();
    const bin = path.join(t.root, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'switchboard'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
    env = { ...t.env, PATH: `${bin}:${process.env.PATH}`, HOME: t.root, ZDOTDIR: t.root };
    for (const name of ['gw', 'gateway-two']) {
      const added = await runSwitchboard(['provider', 'add', name, '--base-url', 'https://gw.example.com', '--key', 'sk-completion0000'], t.env);
      expect(added.stderr).toBe('');
    }
  });
  afterAll(() => t?.cleanup());

  /** Loads the script in `shell`, then completes the words as the shell would on Tab after them. */
  const completeIn = (shell: string, script: 'bash' | 'zsh', words: string[]) => {
    const quoted = ['switchboard', ...words].map((w) => `'${w}'`).join(' ');
    const program = `eval "$(switchboard completion ${script})" || exit 9
COMP_WORDS=(${quoted}); COMP_CWORD=${words.length}
_switchboard_complete
printf '%s\\n' "\${COMPREPLY[@]}"`;
    const run = spawnSync(shell, ['-c', program], { env, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    return run.stdout.split('\n').filter(Boolean);
  };

  it('bash completes commands, flag values and provider names, and registers the function for switchboard', () => {
    expect(completeIn('bash', 'bash', ['pro'])).toEqual(['provider']);
    expect(completeIn('bash', 'bash', ['use', 'g'])).toEqual(['gateway-two', 'gw']);
    expect(completeIn('bash', 'bash', ['use', 'gw', '--client', 'c'])).toEqual(['claude', 'codex', 'chat']);
    expect(completeIn('bash', 'bash', ['use', 'gw', '--model', ''])).toEqual([]);
    expect(completeIn('bash', 'bash', ['settings', 'set', 'first'])).toEqual(['firstByteTimeoutMs']);
    const registered = spawnSync('bash', ['-c', 'eval "$(switchboard completion bash)" && complete -p switchboard'], { env, encoding: 'utf8' });
    expect(registered.stdout.trim()).toBe('complete -o default -F _switchboard_complete switchboard');
  });

  it.runIf(ZSH)('zsh loads its script in a fresh shell and completes through the same function', () => {
    expect(completeIn(ZSH!, 'zsh', ['provider', 's'])).toEqual(['show']);
    expect(completeIn(ZSH!, 'zsh', ['route', 'set', '--client', 'claude', 'gw', ''])).toEqual(['gateway-two', 'gw']);
    const registered = spawnSync(ZSH!, ['-c', 'eval "$(switchboard completion zsh)" && print -r -- $_comps[switchboard]'], { env, encoding: 'utf8' });
    expect(registered.stdout).toContain('_switchboard_complete');
  });

  it('answers a Tab press in a data folder that does not exist yet without creating it', async () => {
    const fresh = makeTempEnv();
    try {
      const names = await runSwitchboard(['__complete', 'use', ''], fresh.env);
      expect(names).toEqual({ code: 0, stdout: '', stderr: '' });
      expect((await runSwitchboard(['__complete', 'use', 'gw', '--mode', ''], fresh.env)).stdout).toBe('proxy\ndirect\n');
      expect(fs.existsSync(fresh.paths.home)).toBe(false);
    } finally {
      fresh.cleanup();
    }
  });

  it('refuses a shell it has no script for, in one sentence', async () => {
    const fish = await runSwitchboard(['completion', 'fish'], t.env);
    expect(fish.code).toBe(2);
    expect(fish.stdout).toBe('');
    expect(fish.stderr).toBe('switchboard: The shell must be one of bash, zsh, not "fish".\n');
    const none = await runSwitchboard(['completion'], t.env);
    expect(none.stderr).toBe('switchboard: The shell is required (bash|zsh); see "switchboard completion --help".\n');
  });
});
