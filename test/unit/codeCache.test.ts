import fs from 'node:fs';
import { Module } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeCacheFile, loadWithCodeCache } from '../../electron/codeCache';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-codecache-'));
  file = path.join(dir, 'bundle.cjs');
  // A CommonJS module that uses its require, __dirname and exports, as the command bundle does, in
  // Node's module wrapper as the build writes it.
  fs.writeFileSync(file, Module.wrap("const path = require('node:path');\nexports.where = path.basename(__dirname);\nexports.double = (n) => n * 2;\n"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('loading a CommonJS bundle through V8 code cache', () => {
  it('compiles once, saves the cache, and takes it on the next load with the same exports', () => {
    const first = loadWithCodeCache(file);
    expect(first.cacheUsed).toBe(false);
    expect((first.exports.double as (n: number) => number)(21)).toBe(42);
    expect(first.exports.where).toBe(path.basename(dir));
    first.saveCache();
    expect(fs.statSync(codeCacheFile(file)).size).toBeGreaterThan(0);

    const second = loadWithCodeCache(file);
    expect(second.cacheUsed).toBe(true);
    expect((second.exports.double as (n: number) => number)(5)).toBe(10);
  });

  it('runs from source when the cache is damaged, and replaces it', () => {
    fs.writeFileSync(codeCacheFile(file), 'not a V8 code cache');
    const damaged = loadWithCodeCache(file);
    expect(damaged.cacheUsed).toBe(false);
    expect((damaged.exports.double as (n: number) => number)(1)).toBe(2);
    damaged.saveCache();
    expect(loadWithCodeCache(file).cacheUsed).toBe(true);
  });

  it('leaves no file behind when the folder cannot take the cache', () => {
    const loaded = loadWithCodeCache(file);
    fs.mkdirSync(codeCacheFile(file));
    expect(() => loaded.saveCache()).not.toThrow();
    expect(fs.readdirSync(dir).sort()).toEqual(['bundle.cjs', path.basename(codeCacheFile(file))]);
  });

  it('saves no cache for a file rebuilt since it was loaded', () => {
    const loaded = loadWithCodeCache(file);
    const rebuilt = `${file}.new`;
    fs.writeFileSync(rebuilt, fs.readFileSync(file, 'utf8').replace('n * 2', 'n * 3'));
    fs.renameSync(rebuilt, file);
    loaded.saveCache();
    expect(fs.existsSync(codeCacheFile(file))).toBe(false);
    const fresh = loadWithCodeCache(file);
    expect((fresh.exports.double as (n: number) => number)(2)).toBe(6);
  });
});
