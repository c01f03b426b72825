#!/usr/bin/env node
// `npm start`: the desktop app where Electron can start; otherwise says why and serves the same
// UI headless, printing the login URL.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const bin = require('electron');
    return typeof bin === 'string' && fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

function whyNoElectron() {
  if (!electronBinary()) return 'the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD or an offline install)';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'there is no display (DISPLAY is not set)';
  return null;
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}

// The UI is built once so both the window and headless mode have it.
if (!fs.existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const reason = whyNoElectron();
if (reason) {
  console.log(`Electron cannot start here: ${reason}. Starting headless mode instead.`);
  run(process.execPath, [path.join(root, 'bin', 'switchboard.mjs'), 'serve', ...process.argv.slice(2)]);
} else {
  run(electronBinary(), [path.join(root, 'dist', 'electron', 'main.js'), ...process.argv.slice(2)]);
}
