import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SwitchboardError } from '../../electron/core/errors';
import { openSqlite, sqliteAddonFile, sqliteAddonProblem } from '../../electron/core/store/sqliteAddon';
import { CLI_BUNDLE_DIR } from '../../scripts/bundleCli.mjs';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

describe('the SQLite addon', () => {
  let t: TempEnv;
  beforeEach(() => {
    t = makeTempEnv();
  });
  afterEach(() => t.cleanup());

  it('opens a file through the addon npm built', () => {
    const db = openSqlite(path.join(t.root, 'a.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    db.close();
  });

  it('missing, says it was never built and where to rebuild it, in one sentence', () => {
    const addon = path.join(t.root, 'pkg', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    const thrown = (() => {
      try {
        openSqlite(path.join(t.root, 'a.db'), addon);
      } catch (err) {
        return err;
      }
    })();
    expect(thrown).toBeInstanceOf(SwitchboardError);
    expect((thrown as Error).message).toBe(
      `SQLite's native addon was never built (its install script did not run): run "npm rebuild better-sqlite3" in ${path.join(t.root, 'pkg')}, then try again.`,
    );
    expect(fs.existsSync(path.join(t.root, 'a.db'))).toBe(false);
  });

  it('built for another Node.js, says so; any other load failure is passed on as it is', () => {
    const abi = new Error(
      "The module '/x/better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 127.",
    );
    expect(sqliteAddonProblem(abi, true)).toBe(`SQLite's native addon was built for another version of Node.js than this one (${process.version})`);
    const broken = path.join(t.root, 'broken.node');
    fs.writeFileSync(broken, 'not a shared object');
    expect(() => openSqlite(path.join(t.root, 'a.db'), broken)).toThrow(/invalid ELF header|file too short|not a valid/);
    expect(() => openSqlite(path.join(t.root, 'a.db'), broken)).not.toThrow(SwitchboardError);
  });

  it('the bundled CLI, installed without the addon built (npm 12 without allowScripts), says how to build it', () => {
    // A copy of the installed package: the CLI bundle and better-sqlite3's package.json, no build/.
    const pkg = path.join(t.root, 'pkg');
    fs.cpSync(CLI_BUNDLE_DIR, path.join(pkg, 'dist', 'cli'), { recursive: true });
    const sqlitePackage = path.dirname(path.dirname(path.dirname(sqliteAddonFile())));
    fs.mkdirSync(path.join(pkg, 'node_modules', 'better-sqlite3'), { recursive: true });
    fs.copyFileSync(path.join(sqlitePackage, 'package.json'), path.join(pkg, 'node_modules', 'better-sqlite3', 'package.json'));
    const run = spawnSync(process.execPath, ['-e', `process.argv.splice(1, 0, 'switchboard'); require(${JSON.stringify(path.join(pkg, 'dist', 'cli', 'switchboard.cjs'))}).main()`, 'status'], {
      env: t.env,
      encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim()).toBe(
      `switchboard: SQLite's native addon was never built (its install script did not run): run "npm rebuild better-sqlite3" in ${pkg}, then try again.`,
    );
  });
});
