// CLI start-up against a bare `node -e 0`, in one hyperfine run so all three share the machine's state.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './processes';

export interface StartupRow {
  command: string;
  meanMs: number;
  ratio: number;
  limit: number;
  pass: boolean;
}

const LIMIT = 2.5;

/** The sentence to stop the bench with, before it measures anything, when hyperfine is not installed. */
export function hyperfineMissing(): string | undefined {
  try {
    execFileSync('hyperfine', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'npm run bench times the CLI start-up with hyperfine, which is not on this PATH: install it (apt-get install hyperfine, brew install hyperfine or cargo install hyperfine), then run the bench again.';
  }
}

/** Times `switchboard --help` and `switchboard status` (on an empty data folder) against `node -e 0`. */
export function benchCliStartup(env: NodeJS.ProcessEnv, runs: number): StartupRow[] {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sb-hyperfine-')), 'startup.json');
  const node = process.execPath;
  const bin = path.join(ROOT, 'bin/switchboard.cjs');
  const commands = [`${node} -e 0`, `${node} ${bin} --help`, `${node} ${bin} status`];
  // -N: no intermediate shell, whose start-up would blur the ratio.
  execFileSync('hyperfine', ['-N', '--warmup', '3', '--runs', String(runs), '--export-json', out, ...commands], { env, cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const results = (JSON.parse(fs.readFileSync(out, 'utf8')) as { results: { mean: number }[] }).results;
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  const floor = results[0].mean;
  const names = ['node -e 0', 'switchboard --help', 'switchboard status'];
  return results.map((r, i) => {
    const ratio = r.mean / floor;
    return { command: names[i], meanMs: +(r.mean * 1000).toFixed(1), ratio: +ratio.toFixed(2), limit: i ? LIMIT : 1, pass: i === 0 || ratio <= LIMIT };
  });
}
