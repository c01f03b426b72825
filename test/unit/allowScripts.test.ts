import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));

describe('install scripts', () => {
  it('package.json allows every locked dependency that has one: npm 12 skips the rest, and SQLite would not be built', () => {
    const allowScripts: Record<string, boolean> = readJson('package.json').allowScripts ?? {};
    const lock: { packages: Record<string, { hasInstallScript?: boolean }> } = readJson('package-lock.json');
    const withScripts = Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([where]) => where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(withScripts).toContain('better-sqlite3');
    expect(withScripts.filter((name) => allowScripts[name] !== true)).toEqual([]);
  });
});
