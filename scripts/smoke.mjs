#!/usr/bin/env node
// `npm run smoke [-- path/to/app]` (SWITCHBOARD_SMOKE_DIR: where the report goes, default smoke/): starts the packaged Linux app (`npm run dist -- --linux dir`
// builds release/linux-unpacked) under Xvfb, waits until its window showed and its tray exists,
// sends a switchboard:// link the way Linux does (a second instance with the URL), and checks
// that the app received it and quit cleanly with code 0. The app's smoke mode
// (SWITCHBOARD_SMOKE_REPORT) writes the report and a screenshot of its window into smoke/.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const appPath = process.argv[2] ?? path.join(root, 'release', 'linux-unpacked', 'switchboard');
const out = process.env.SWITCHBOARD_SMOKE_DIR ?? path.join(root, 'smoke');
const reportFile = path.join(out, 'report.json');
const link = 'switchboard://import?name=smoke&base_url=https%3A%2F%2Fgw.example.com&key=sk-smoke-0000000000000000';
// Ubuntu runners forbid the user namespaces Chromium's sandbox needs; this run only shows a window.
const appFlags = ['--no-sandbox'];

function fail(message) {
  console.error(`smoke: ${message}`);
  process.exitCode = 1;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Polls until `ready()` holds; gives up after `ms` or as soon as the app has exited. */
async function waitFor(ready, ms, what, exit) {
  for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
    if (ready()) return;
    if (exit.done) throw new Error(`the app exited (code ${exit.code}) before ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} did not happen within ${ms / 1000} s`);
}

function watchExit(child) {
  const exit = { done: false, code: null };
  exit.promise = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      Object.assign(exit, { done: true, code: code ?? signal });
      resolve();
    }),
  );
  return exit;
}

const readReport = () => {
  try {
    return JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  } catch {
    return null;
  }
};

if (!fs.existsSync(appPath)) {
  fail(`${appPath} does not exist; build it first with: npm run dist -- --linux dir`);
  process.exit();
}
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

const env = { ...process.env, SWITCHBOARD_HOME: path.join(out, 'data'), SWITCHBOARD_PORT: String(await freePort()) };
delete env.SWITCHBOARD_SMOKE_REPORT;
const running = [];
if (!env.DISPLAY) {
  // Like .ci/run with Chromium: install the virtual display where a runner image lacks it.
  if (spawnSync('which', ['Xvfb']).status !== 0 && spawnSync('which', ['apt-get']).status === 0) {
    const install = ['apt-get', 'install', '-y', '-qq', 'xvfb'];
    const [command, ...args] = process.getuid?.() === 0 ? install : ['sudo', '-n', ...install];
    spawnSync(command, args, { stdio: 'inherit' });
  }
  // -displayfd: Xvfb picks a free display number and writes it to fd 3 once it accepts clients.
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'inherit', 'inherit', 'pipe'] });
  running.push(xvfb);
  let display = '';
  xvfb.stdio[3].on('data', (chunk) => (display += chunk));
  await waitFor(() => display.includes('\n'), 10_000, 'Xvfb starting', watchExit(xvfb));
  env.DISPLAY = `:${display.trim()}`;
}

try {
  const app = spawn(appPath, appFlags, { env: { ...env, SWITCHBOARD_SMOKE_REPORT: reportFile }, stdio: 'inherit' });
  running.push(app);
  const appExit = watchExit(app);
  await waitFor(() => readReport()?.windowShown && readReport()?.trayCreated, 90_000, 'the window and the tray appearing', appExit);

  const second = spawn(appPath, [...appFlags, link], { env, stdio: 'inherit' });
  const secondExit = watchExit(second);
  await waitFor(() => appExit.done, 30_000, 'the app quitting after the deep link', { done: false });
  await secondExit.promise;

  const report = readReport();
  if (appExit.code !== 0) fail(`the app exited with ${appExit.code}, not 0`);
  if (report.deepLink !== link) fail(`the app did not receive the deep link (report: ${JSON.stringify(report.deepLink)})`);
  if (!report.screenshot || !fs.existsSync(report.screenshot) || fs.statSync(report.screenshot).size === 0) fail('the window screenshot is missing');
  console.log(JSON.stringify(report, null, 2));
  if (!process.exitCode) console.log(`smoke: window, tray and deep link OK; the app quit with 0. Screenshot: ${report.screenshot}`);
} catch (err) {
  fail(err.message);
} finally {
  for (const child of running) if (child.exitCode === null) child.kill();
}
