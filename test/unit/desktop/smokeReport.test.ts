import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSmokeReport } from '../../../electron/smokeReport';

describe('the desktop shell smoke report', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-smoke-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is written at once, completes only with window, tray and deep link, and keeps the screenshot beside it', () => {
    const file = path.join(dir, 'report.json');
    const report = createSmokeReport(file);
    const read = () => JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(read()).toEqual({ windowShown: false, trayCreated: false, deepLink: null, screenshot: null });
    expect(report.note({ trayCreated: true })).toBe(false);
    report.screenshot(Buffer.from('png-bytes'));
    expect(report.note({ windowShown: true })).toBe(false);
    expect(read()).toMatchObject({ windowShown: true, trayCreated: true, deepLink: null, screenshot: `${file}.png` });
    expect(fs.readFileSync(`${file}.png`, 'utf8')).toBe('png-bytes');
    expect(report.note({ deepLink: 'switchboard://import?name=x' })).toBe(true);
    expect(read().deepLink).toBe('switchboard://import?name=x');
    expect(fs.readdirSync(dir).sort()).toEqual(['report.json', 'report.json.png']);
  });
});
