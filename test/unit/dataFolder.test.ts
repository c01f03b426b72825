import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { desktopDataFolder, resolvePaths } from '../../electron/core/paths';

describe('one data folder for the desktop app and the CLI', () => {
  let root: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-folder-'));
    // Each OS's default, pointed into the temp folder: HOME (macOS, Linux), XDG_CONFIG_HOME, APPDATA.
    vi.stubEnv('HOME', path.join(root, 'home'));
    env = { XDG_CONFIG_HOME: path.join(root, 'home', '.config'), APPDATA: path.join(root, 'AppData', 'Roaming') };
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const withDb = (dir: string, marker: string) => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'switchboard.db'), marker);
  };

  it('is the folder the CLI uses, named in the same case, on this OS', () => {
    const cli = resolvePaths(env).home;
    // Electron's appData is the folder the OS default sits in (~/.config, Application Support, AppData\Roaming).
    expect(desktopDataFolder(env, path.dirname(cli))).toBe(cli);
    const expected = { darwin: 'Switchboard', win32: 'Switchboard' }[process.platform as string] ?? 'switchboard';
    expect(path.basename(cli)).toBe(expected);
  });

  it('moves the former desktop folder (Linux "Switchboard") in once, while the data folder has no database', () => {
    const appData = path.join(root, 'electron-appdata');
    const former = path.join(appData, 'Switchboard');
    withDb(former, 'desktop');
    fs.writeFileSync(path.join(former, 'secret.key'), 'k');
    const home = desktopDataFolder(env, appData);
    expect(home).toBe(resolvePaths(env).home);
    expect(fs.readFileSync(path.join(home, 'switchboard.db'), 'utf8')).toBe('desktop');
    expect(fs.existsSync(path.join(home, 'secret.key'))).toBe(true);
    expect(fs.existsSync(former)).toBe(false);
  });

  it('never merges: a data folder that has a database stays as it is, and so does the former one', () => {
    const appData = path.join(root, 'electron-appdata');
    const former = path.join(appData, 'Switchboard');
    withDb(former, 'desktop');
    withDb(resolvePaths(env).home, 'cli');
    const home = desktopDataFolder(env, appData);
    expect(fs.readFileSync(path.join(home, 'switchboard.db'), 'utf8')).toBe('cli');
    expect(fs.readFileSync(path.join(former, 'switchboard.db'), 'utf8')).toBe('desktop');
  });

  it('SWITCHBOARD_HOME wins on both sides, and nothing moves', () => {
    const appData = path.join(root, 'electron-appdata');
    withDb(path.join(appData, 'Switchboard'), 'desktop');
    const chosen = path.join(root, 'chosen');
    expect(desktopDataFolder({ ...env, SWITCHBOARD_HOME: chosen }, appData)).toBe(chosen);
    expect(fs.existsSync(path.join(appData, 'Switchboard', 'switchboard.db'))).toBe(true);
  });
});
