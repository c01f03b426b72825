import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_BUNDLE, CLI_BUNDLE_INPUTS, isCliBundleFresh } from '../../scripts/bundleCli.mjs';
import { makeTempEnv } from '../helpers/tempEnv';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

// The suite's globalSetup rebuilt dist/cli: bin/switchboard.cjs runs it, and stops trusting it as
// soon as a source it was made from changes.
describe('the bundled switchboard command', () => {
  it('is built from the command and everything serve loads, and runs on its own', async () => {
    const inputs: string[] = JSON.parse(fs.readFileSync(CLI_BUNDLE_INPUTS, 'utf8'));
    expect(inputs).toEqual(expect.arrayContaining(['electron/cli.ts', 'electron/headless.ts', 'electron/core/app.ts', 'electron/core/proxy/handler.ts']));
    expect(inputs.every((file) => fs.existsSync(path.join(ROOT, file)))).toBe(true);
    expect(isCliBundleFresh()).toBe(true);
    // The loader reads the commands as latin1: a byte above 0x7f would turn a character such as the
    // "…" of a masked key, in a regular expression esbuild left as written, into others.
    expect(fs.readFileSync(path.join(path.dirname(CLI_BUNDLE), 'commands.cjs')).every((byte) => byte < 0x80)).toBe(true);

    // The bundle alone, loaded by plain Node without tsx, runs a command that opens the database
    // (with -e, argv[1] is the first argument, so "bundle" stands where the script path would be).
    const t = makeTempEnv();
    try {
      const run = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(CLI_BUNDLE)}).main()`, 'bundle', 'status', '--json'], {
        env: t.env,
        encoding: 'utf8',
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout).clients.map((c: { client: string }) => c.client)).toEqual(['claude', 'codex', 'hermes']);
    } finally {
      t.cleanup();
    }
  });

  it('counts as stale once a source it was made from is newer than it', () => {
    const source = path.join(ROOT, 'electron', 'core', 'errors.ts');
    const { atime, mtime } = fs.statSync(source);
    const built = fs.statSync(CLI_BUNDLE).mtime;
    try {
      fs.utimesSync(source, atime, new Date(built.getTime() + 60_000));
      expect(isCliBundleFresh()).toBe(false);
    } finally {
      fs.utimesSync(source, atime, mtime);
    }
    expect(isCliBundleFresh()).toBe(true);
  });
});
