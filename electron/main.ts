import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, session, shell, Tray, type MenuItemConstructorOptions } from 'electron';
import { dispatch } from './core/rpc';
import { createDesktopCore, type DesktopCore } from './desktopCore';
import { deepLinkInArgv, importRouteOf } from './deepLink';
import { planTrayMenu, type TrayAction, type TrayItem } from './trayMenu';
import { everyAtMost, loadTrayState } from './trayState';
import { lowBalanceNotices } from './lowBalance';
import { formatAmounts } from '../renderer/i18n/format';
import { CONTENT_SECURITY_POLICY, isTrustedSender, navigationVerdict } from './windowPolicy';
import { isLocale, pickLocale, translate, type Locale } from '../renderer/i18n/locale';
import { DEEP_LINK_SCHEME } from '../shared/deepLink';
import { safeStorageUnsealer } from './platform/safeStorageSecrets';
import { keychainVault } from './core/secrets/keychainVault';
import { ledgerUpgradeSentence, type LedgerUpgrade } from './core/store/ledgerUpgrade';
import { desktopDataFolder } from './core/paths';
import { trayIcon } from './platform/trayIcon';
import { checkForUpdates } from './platform/updater';
import { createSmokeReport, type SmokeReport } from './smokeReport';

// Thin Electron shell: state, menus and policies are built by plain-Node modules tested without Electron.
const RENDERER_DIR = path.join(__dirname, '..', 'renderer');
const RENDERER_INDEX = path.join(RENDERER_DIR, 'index.html');
const RESOURCES_DIR = app.isPackaged ? process.resourcesPath : path.join(__dirname, '..', '..', 'build');
const TRAY_REFRESH_MS = 60_000;
const BALANCE_REFRESH_MS = 5 * 60_000;

let core: DesktopCore | null = null;
let mainWindow: BrowserWindow | null = null;
let tray: Tray | null = null;
let quitting = false;
/** Accounts already announced as low, so each low balance notifies once. */
let notifiedLow = new Set<string>();
/** A link that arrived before the window existed. */
let pendingLink: string | null = deepLinkInArgv(process.argv);
/** `npm run smoke` runs the packaged app with SWITCHBOARD_SMOKE_REPORT set. */
const smoke = process.env.SWITCHBOARD_SMOKE_REPORT ? createSmokeReport(process.env.SWITCHBOARD_SMOKE_REPORT) : null;

/** Smoke mode: records a milestone, and quits (cleanly, through before-quit) once all happened. */
function noteSmoke(change: Parameters<SmokeReport['note']>[0]) {
  if (smoke?.note(change)) app.quit();
}

function locale(): Locale {
  const chosen = core?.app.userSettings.read('language');
  return chosen && isLocale(chosen) ? chosen : pickLocale([app.getLocale()]);
}

function showWindow(route?: string) {
  if (!mainWindow) return;
  if (route) void mainWindow.loadFile(RENDERER_INDEX, { hash: route });
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

/** Every link is confirmed in the window: it opens the import dialog, nothing is saved here. */
function openDeepLink(link: string) {
  noteSmoke({ deepLink: link });
  if (mainWindow) showWindow(importRouteOf(link));
  else pendingLink = link;
}

function createWindow() {
  mainWindow = new BrowserWindow({
    width: 1180,
    height: 800,
    minWidth: 760,
    minHeight: 520,
    title: 'Switchboard',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, 'preload.js'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  const contents = mainWindow.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    if (navigationVerdict(url, RENDERER_DIR) === 'external') void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    const verdict = navigationVerdict(url, RENDERER_DIR);
    if (verdict === 'app') return;
    event.preventDefault();
    if (verdict === 'external') void shell.openExternal(url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  mainWindow.once('ready-to-show', () => {
    mainWindow?.show();
    if (!smoke || !mainWindow) return;
    void mainWindow.webContents
      .capturePage()
      .then((image) => smoke.screenshot(image.toPNG()), () => undefined)
      .finally(() => noteSmoke({ windowShown: mainWindow?.isVisible() ?? false }));
  });
  // Close means "back to the tray"; Quit in the tray menu (or the OS) really quits.
  mainWindow.on('close', (event) => {
    if (quitting) return;
    event.preventDefault();
    mainWindow?.hide();
  });
  void mainWindow.loadFile(RENDERER_INDEX, pendingLink ? { hash: importRouteOf(pendingLink) } : undefined);
  pendingLink = null;
}

function toElectronItem(item: TrayItem): MenuItemConstructorOptions {
  switch (item.kind) {
    case 'separator':
      return { type: 'separator' };
    case 'info':
      return { label: item.label, enabled: false };
    case 'action':
      return { label: item.label, click: () => void runTrayAction(item.action) };
    case 'radio':
      return { label: item.label, type: 'radio', checked: item.checked, click: () => void runTrayAction(item.action) };
    case 'submenu':
      return { label: item.label, submenu: item.items.map(toElectronItem) };
  }
}

/** The tray's balances, read from the gateways at most every few minutes. */
const readBalances = everyAtMost(BALANCE_REFRESH_MS, async () => {
  if (!core) throw new Error('Switchboard is not started yet.');
  return core.app.handlers['accounts.balance']({});
});

async function refreshTray() {
  if (!core || !tray) return;
  const lang = locale();
  const state = await loadTrayState(core.app.handlers, core.proxyStatus(), lang, readBalances);
  const items = planTrayMenu(state, (key, vars) => translate(lang, key, vars));
  tray.setContextMenu(Menu.buildFromTemplate(items.map(toElectronItem)));
  tray.setToolTip(translate(lang, 'tray.tooltip', { port: state.proxy.port }));
  const { notify, notified } = lowBalanceNotices(state.lowAccounts, notifiedLow);
  notifiedLow = notified;
  if (!Notification.isSupported()) return;
  for (const a of notify) {
    const body = translate(lang, 'notify.lowBalance', { account: a.account, amount: formatAmounts(lang, a.amounts) });
    new Notification({ title: translate(lang, 'notify.lowBalanceTitle'), body }).show();
  }
}

async function runTrayAction(action: TrayAction) {
  if (!core) return;
  try {
    switch (action.type) {
      case 'apply': {
        const result = await dispatch(core.app.handlers, 'clients.apply', { client: action.client, provider: action.provider, mode: action.mode });
        if (!result.ok) dialog.showErrorBox('Switchboard', result.error.message);
        break;
      }
      case 'toggleProxy':
        if (core.proxyStatus().running) await core.stopProxy();
        else await core.startProxy();
        break;
      case 'openWindow':
        showWindow(action.page ? `/${action.page}` : undefined);
        break;
      case 'quit':
        app.quit();
        return;
    }
  } catch (err) {
    dialog.showErrorBox('Switchboard', (err as Error).message);
  }
  await refreshTray();
}

function applyLoginItem() {
  if (core) app.setLoginItemSettings({ openAtLogin: core.app.userSettings.read('startAtLogin') });
}

/** The contract over IPC: only the app's own page may call it; input and output are validated by dispatch. */
function serveContract(desktop: DesktopCore) {
  ipcMain.handle('rpc', async (event, channel: unknown, input: unknown) => {
    if (event.sender !== mainWindow?.webContents || !isTrustedSender(event.senderFrame?.url, RENDERER_DIR)) {
      return { ok: false, error: { code: 'forbidden', message: 'Only the Switchboard window may call the app.' } };
    }
    if (typeof channel !== 'string') return { ok: false, error: { code: 'invalid_input', message: 'A channel name is required.' } };
    const result = await dispatch(desktop.app.handlers, channel, input);
    if (channel === 'settings.set') applyLoginItem();
    // Whatever the window changed (providers, tools, language) shows in the tray right away.
    void refreshTray();
    return result;
  });
}

/** A long ledger upgrade blocks the start before any window: the system's notification says why nothing shows yet. */
function noteLedgerUpgrade(upgrade: LedgerUpgrade) {
  const sentence = ledgerUpgradeSentence(upgrade);
  console.error(sentence);
  if (Notification.isSupported()) new Notification({ title: 'Switchboard', body: sentence }).show();
}

async function start() {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));

  core = createDesktopCore({ env: process.env, keychain: keychainVault(), legacySecrets: [safeStorageUnsealer()], rendererDir: RENDERER_DIR, onLedgerUpgrade: noteLedgerUpgrade });
  serveContract(core);
  try {
    await core.startProxy();
  } catch (err) {
    // The window still opens; the tray offers to start the proxy again once the port is free.
    dialog.showErrorBox('Switchboard', (err as Error).message);
  }
  applyLoginItem();
  createWindow();
  tray = new Tray(trayIcon(RESOURCES_DIR));
  noteSmoke({ trayCreated: true });
  tray.on('click', () => showWindow());
  await refreshTray();
  setInterval(() => void refreshTray(), TRAY_REFRESH_MS).unref();
  void checkForUpdates((message) => console.warn(message));
}

// One data folder with the CLI: Electron's own files (and its single-instance lock) live there too.
app.setPath('userData', desktopDataFolder(process.env, app.getPath('appData')));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  app.on('second-instance', (_event, argv) => {
    const link = deepLinkInArgv(argv);
    if (link) openDeepLink(link);
    else showWindow();
  });
  // macOS delivers links as events, possibly before the app is ready.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openDeepLink(url);
  });
  app.on('activate', () => showWindow());
  app.on('window-all-closed', () => {
    // The tray keeps the app alive: closing the window does not quit.
  });
  app.on('before-quit', (event) => {
    if (!core) return;
    // Quit waits for the proxy to stop and the ledger to be written, then quits for real.
    event.preventDefault();
    quitting = true;
    const closing = core;
    core = null;
    void closing.close().finally(() => app.exit(0));
  });
  void app.whenReady().then(start, (err: Error) => {
    dialog.showErrorBox('Switchboard', err.message);
    app.exit(1);
  });
}
