import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Every folder Switchboard reads or writes; tests point all of them at temp folders. */
export interface AppPaths {
  /** Switchboard's own data: database, secret key, backups. */
  home: string;
  /** Claude Code's folder holding settings.json. */
  claudeDir: string;
  /** The file Claude Code keeps its onboarding flag in (~/.claude.json). */
  claudeJson: string;
  codexHome: string;
  hermesHome: string;
}

/** The database file of a data folder. */
export const databaseFile = (home: string): string => path.join(home, 'switchboard.db');

function defaultDataDir(env: NodeJS.ProcessEnv): string {
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Switchboard');
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Switchboard');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'switchboard');
}

/** Resolves folders the way the tools themselves do, honouring their own variables. */
export function resolvePaths(env: NodeJS.ProcessEnv = process.env): AppPaths {
  const home = os.homedir();
  const claudeDir = env.CLAUDE_CONFIG_DIR ? path.resolve(env.CLAUDE_CONFIG_DIR) : path.join(home, '.claude');
  return {
    home: env.SWITCHBOARD_HOME ? path.resolve(env.SWITCHBOARD_HOME) : defaultDataDir(env),
    claudeDir,
    // Claude Code keeps .claude.json inside CLAUDE_CONFIG_DIR when that is set, else in the home folder.
    claudeJson: env.CLAUDE_CONFIG_DIR ? path.join(claudeDir, '.claude.json') : path.join(home, '.claude.json'),
    codexHome: env.CODEX_HOME ? path.resolve(env.CODEX_HOME) : path.join(home, '.codex'),
    hermesHome: env.HERMES_HOME ? path.resolve(env.HERMES_HOME) : path.join(home, '.hermes'),
  };
}

/**
 * The desktop app's data folder: the CLI's. Earlier desktop versions kept theirs in
 * `<appData>/Switchboard`, which on Linux is not the CLI's `switchboard`; its files move over
 * once, while the data folder holds no database yet (two databases are never merged).
 */
export function desktopDataFolder(env: NodeJS.ProcessEnv, appData: string): string {
  const { home } = resolvePaths(env);
  const former = path.join(appData, 'Switchboard');
  const hasDb = (dir: string) => fs.existsSync(databaseFile(dir));
  if (!env.SWITCHBOARD_HOME && former !== home && hasDb(former) && !hasDb(home)) {
    fs.mkdirSync(home, { recursive: true, mode: 0o700 });
    for (const name of fs.readdirSync(former)) fs.renameSync(path.join(former, name), path.join(home, name));
    fs.rmdirSync(former);
  }
  return home;
}
