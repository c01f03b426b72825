import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolvePaths, type AppPaths } from '../../electron/core/paths';

export interface TempEnv {
  root: string;
  env: NodeJS.ProcessEnv;
  paths: AppPaths;
  cleanup(): void;
}

/** Fresh temp folders for Switchboard's data and every tool's config, as the tools' own variables. */
export function makeTempEnv(): TempEnv {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-test-'));
  const dirs = {
    SWITCHBOARD_HOME: path.join(root, 'switchboard'),
    CLAUDE_CONFIG_DIR: path.join(root, 'claude'),
    CODEX_HOME: path.join(root, 'codex'),
    HERMES_HOME: path.join(root, 'hermes'),
    HOME: path.join(root, 'home'),
  };
  fs.mkdirSync(dirs.HOME, { recursive: true });
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, ...dirs };
  return {
    root,
    env,
    paths: resolvePaths(env),
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
