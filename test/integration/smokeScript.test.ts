import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FAKE_APP = path.join(ROOT, 'test/fixtures/fakeDesktopApp.ts');

/** `npm run smoke` as the workflow runs it, without DISPLAY, against the fake app. */
function runSmoke(dir: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, SWITCHBOARD_SMOKE_DIR: dir, ...extraEnv };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/smoke.mjs'), FAKE_APP], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('scripts/smoke.mjs (the smoke workflow, with a stand-in for the packaged app)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-smoke-run-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('starts Xvfb, waits for window and tray, sends the deep link through a second instance, and sees a clean quit', async () => {
    const { code, output } = await runSmoke(dir);
    expect(output).toContain('smoke: window, tray and deep link OK');
    expect(code).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ windowShown: true, trayCreated: true, deepLink: expect.stringMatching(/^switchboard:\/\/import\?name=smoke&/) });
    expect(fs.readFileSync(report.screenshot, 'utf8')).toBe('fake png');
  });

  it('fails when the app does not quit cleanly', async () => {
    const { code, output } = await runSmoke(dir, { FAKE_APP_LINK_EXIT: '3' });
    expect(output).toContain('smoke: the app exited with 3, not 0');
    expect(code).toBe(1);
  });

  it('says how to build the app when it is missing', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/smoke.mjs'), path.join(dir, 'nothing-here')], { env: { PATH: process.env.PATH } });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(err.trim()).toBe(`smoke: ${path.join(dir, 'nothing-here')} does not exist; build it first with: npm run dist -- --linux dir`);
    expect(code).toBe(1);
  });
});
