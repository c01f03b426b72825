#!/usr/bin/env node
// Builds the renderer (Vite), bundles the Electron main and preload scripts and the `switchboard`
// command (esbuild). `npm install` runs it too (the `prepare` script, with --if-tools).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli } from './bundleCli.mjs';
import { buildRenderer } from './buildRenderer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// `npm install --omit=dev` has no Vite or esbuild: the install still works, the command then runs
// its TypeScript through tsx, and `switchboard serve` shows a page saying how to build the dashboard.
if (process.argv.includes('--if-tools') && !fs.existsSync(path.join(root, 'node_modules', 'esbuild'))) {
  console.log('Skipping the build: Vite and esbuild are not installed (dev dependencies were left out).');
  process.exit(0);
}
const { build } = await import('esbuild');
const viteStatus = buildRenderer();
if (viteStatus !== 0) process.exit(viteStatus);

await build({
  entryPoints: { main: path.join(root, 'electron/main.ts'), preload: path.join(root, 'electron/preload.ts') },
  outdir: path.join(root, 'dist/electron'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Native modules (and the updater) load from node_modules at run time, outside the bundle.
  external: ['electron', 'better-sqlite3', '@napi-rs/keyring', 'electron-updater'],
  // headless.ts guards its import.meta use with __dirname, which the CommonJS bundle has.
  logOverride: { 'empty-import-meta': 'silent' },
  logLevel: 'warning',
});
await bundleCli();
console.log('Built dist/renderer, dist/electron and dist/cli.');
