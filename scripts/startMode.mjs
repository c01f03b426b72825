// Decides what `npm start` runs: the desktop app when Electron can start, otherwise headless mode
// with one sentence saying why and how to get the desktop app. Plain functions, so a test can
// drive every case without Electron.
import fs from 'node:fs';

/**
 * Where the Electron binary is, or why there is none. `loadElectron` is require('electron'):
 * it throws MODULE_NOT_FOUND when npm left the package out (electron is an optional dependency,
 * dropped when its binary download fails) and "Electron failed to install correctly" when the
 * package is there without its binary (ELECTRON_SKIP_BINARY_DOWNLOAD, or an interrupted download).
 */
export function findElectron(loadElectron, exists = fs.existsSync) {
  try {
    const binary = loadElectron();
    if (typeof binary === 'string' && exists(binary)) return { binary };
    return { missing: 'binary' };
  } catch (err) {
    return { missing: err?.code === 'MODULE_NOT_FOUND' ? 'package' : 'binary' };
  }
}

const ADVICE = {
  package:
    'Electron is not installed (npm leaves it out when its binary cannot be downloaded, for example behind a firewall). ' +
    'To get the desktop app, run "npm install" again where github.com is reachable, or with ELECTRON_MIRROR set to a mirror.',
  binary:
    "Electron's binary is missing (its download was skipped with ELECTRON_SKIP_BINARY_DOWNLOAD, or failed during npm install). " +
    'To get the desktop app, run "node node_modules/electron/install.js" (ELECTRON_MIRROR sets a mirror).',
  display: 'There is no display to open a window on (DISPLAY and WAYLAND_DISPLAY are not set).',
};

/**
 * { mode: 'desktop', binary } or { mode: 'headless', message }. The message says what happened
 * and that the same dashboard is served instead; `serve` prints its own login link after it.
 */
export function chooseStartMode({ electron, platform, env }) {
  let reason = electron.missing;
  if (!reason && platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) reason = 'display';
  if (!reason) return { mode: 'desktop', binary: electron.binary };
  return { mode: 'headless', message: `${ADVICE[reason]} Starting the same dashboard headless instead ("switchboard serve").` };
}
