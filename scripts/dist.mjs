#!/usr/bin/env node
// `npm run dist`: builds the UI and the Electron bundles, then packages installers with
// electron-builder (which rebuilds better-sqlite3 for Electron). Extra arguments go to
// electron-builder, e.g. `npm run dist -- --linux AppImage` or `-- --mac --win`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function run(script, args) {
  const result = spawnSync(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const builder = path.join(root, 'node_modules', 'electron-builder', 'cli.js');
if (!fs.existsSync(builder)) {
  console.error('electron-builder is not installed; run npm install (with dev dependencies) first.');
  process.exit(1);
}
if (!fs.existsSync(path.join(root, 'node_modules', 'electron', 'package.json'))) {
  console.error('Electron is not installed (npm leaves it out when its download fails); run npm install again where github.com is reachable, or with ELECTRON_MIRROR set.');
  process.exit(1);
}
run(path.join(root, 'scripts', 'build.mjs'), []);
run(builder, ['--config', path.join(root, 'electron-builder.yml'), '--publish', 'never', ...process.argv.slice(2)]);
