// Builds the dashboard (the React renderer) with Vite into dist/renderer. Used by `npm run build`
// (and so `npm install`), by `npm start` and by `switchboard serve` when the folder is missing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VITE = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');

export const rendererBuilt = () => fs.existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'));

/** Runs `vite build`; returns its exit status (127 when Vite is not installed). */
export function buildRenderer() {
  if (!fs.existsSync(VITE)) {
    console.error('Vite is not installed (npm install left out the dev dependencies), so the dashboard cannot be built here.');
    return 127;
  }
  return spawnSync(process.execPath, [VITE, 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' }).status ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(buildRenderer());
