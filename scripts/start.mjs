#!/usr/bin/env node
// `npm start`: the desktop app where Electron can start; otherwise says why and serves the same
// UI headless, printing the login URL.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { rendererBuilt } from './buildRenderer.mjs';
import { chooseStartMode, findElectron } from './startMode.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}

// The UI and the bundles are built once so both the window and headless mode have them.
if (!rendererBuilt()) {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const start = chooseStartMode({ electron: findElectron(() => require('electron')), platform: process.platform, env: process.env });
if (start.mode === 'headless') {
  console.log(start.message);
  run(process.execPath, [path.join(root, 'bin', 'switchboard.cjs'), 'serve', ...process.argv.slice(2)]);
} else {
  run(start.binary, [path.join(root, 'dist', 'electron', 'main.js'), ...process.argv.slice(2)]);
}
