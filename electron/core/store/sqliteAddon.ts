import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SwitchboardError } from '../errors';
import { lateRequire } from '../lateRequire';

/**
 * The SQLite addon's file, named to better-sqlite3 so it does not search for it (its `bindings`
 * lookup walks the call stack and probes a dozen paths), which also lets the CLI bundle carry
 * better-sqlite3's JavaScript.
 */
export function sqliteAddonFile(): string {
  return path.join(path.dirname(lateRequire.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
}

/**
 * Why the addon could not be loaded, when it is something the user can fix by building it again:
 * never built (npm 12 skips the install scripts a package.json does not allow, as --ignore-scripts
 * does) or built for another Node.js (nvm switched since the install). Undefined for anything else.
 */
export function sqliteAddonProblem(err: unknown, addonExists: boolean): string | undefined {
  if (!addonExists) return "SQLite's native addon was never built (its install script did not run)";
  if (err instanceof Error && /NODE_MODULE_VERSION/.test(err.message)) return `SQLite's native addon was built for another version of Node.js than this one (${process.version})`;
  return undefined;
}

/** Opens a SQLite file through the addon, or says in one sentence how to build the addon when it cannot load. */
export function openSqlite(file: string, addon = sqliteAddonFile()): Database.Database {
  try {
    return new Database(file, { nativeBinding: addon });
  } catch (err) {
    const problem = sqliteAddonProblem(err, fs.existsSync(addon));
    if (!problem) throw err;
    // <package>/node_modules/better-sqlite3/build/Release/better_sqlite3.node
    const packageDir = path.resolve(addon, '..', '..', '..', '..', '..');
    throw new SwitchboardError('internal', `${problem}: run "npm rebuild better-sqlite3" in ${packageDir}, then try again.`);
  }
}
