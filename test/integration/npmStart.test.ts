import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseStartMode, findElectron } from '../../scripts/startMode.mjs';
import { freePort } from '../helpers/freePort';
import { rawRequest } from '../helpers/rawHttp';
import { makeTempEnv } from '../helpers/tempEnv';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const requireHere = createRequire(import.meta.url);
const notInstalled = () => {
  throw Object.assign(new Error("Cannot find module 'electron'"), { code: 'MODULE_NOT_FOUND' });
};

describe('npm start without a usable Electron', () => {
  it('tells a package npm left out from a package without its binary, and a missing display', () => {
    expect(findElectron(notInstalled)).toEqual({ missing: 'package' });
    // This machine installs with ELECTRON_SKIP_BINARY_DOWNLOAD: the real package, no binary.
    expect(findElectron(() => requireHere('electron'))).toEqual({ missing: 'binary' });
    expect(findElectron(() => '/nowhere/electron')).toEqual({ missing: 'binary' });
    expect(findElectron(() => process.execPath)).toEqual({ binary: process.execPath });

    const dropped = chooseStartMode({ electron: { missing: 'package' }, platform: 'linux', env: { DISPLAY: ':0' } });
    expect(dropped.mode).toBe('headless');
    expect(dropped.mode === 'headless' && dropped.message).toMatch(/^Electron is not installed .* run "npm install" again .* headless instead/);
    const noBinary = chooseStartMode({ electron: { missing: 'binary' }, platform: 'darwin', env: {} });
    expect(noBinary.mode === 'headless' && noBinary.message).toMatch(/^Electron's binary is missing .*node node_modules\/electron\/install\.js/);
    const noDisplay = chooseStartMode({ electron: { binary: process.execPath }, platform: 'linux', env: {} });
    expect(noDisplay.mode === 'headless' && noDisplay.message).toMatch(/^There is no display/);
    expect(chooseStartMode({ electron: { binary: process.execPath }, platform: 'linux', env: { WAYLAND_DISPLAY: 'wayland-0' } })).toEqual({
      mode: 'desktop',
      binary: process.execPath,
    });
  });

  it('says what happened and serves the dashboard headless (the real scripts/start.mjs)', async () => {
    const t = makeTempEnv();
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs'), '--port', String(port)], {
      cwd: ROOT,
      env: { ...t.env, DISPLAY: ':0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Open the dashboard:')) resolve();
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        void exited.then((code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
      });
      expect(output).toMatch(/^Electron's binary is missing .* Starting the same dashboard headless instead/);
      expect(output).toContain(`serving on http://127.0.0.1:${port}`);
      expect((await rawRequest(port, '/', { method: 'HEAD' })).status).toBe(200);
    } finally {
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      t.cleanup();
    }
  });
});
