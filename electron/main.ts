import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, shell } from 'electron';
import { createApp } from './core/app';
import { resolvePaths } from './core/paths';
import { dispatch } from './core/rpc';
import { createSafeStorageSecrets } from './platform/safeStorageSecrets';

// Thin Electron shell: everything it calls lives in electron/core and is tested in plain Node.
const RENDERER_INDEX = path.join(__dirname, '..', 'renderer', 'index.html');

let window: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  app.whenReady().then(() => {
    const core = createApp({
      paths: { ...resolvePaths(process.env), home: process.env.SWITCHBOARD_HOME ?? path.join(app.getPath('appData'), 'Switchboard') },
      secrets: createSafeStorageSecrets((message) => dialog.showMessageBox({ type: 'warning', message })),
    });

    ipcMain.handle('rpc', (event, channel: string, input: unknown) => {
      // Only our own page may drive the contract.
      const url = event.senderFrame?.url ?? '';
      if (!url.startsWith('file://')) return { ok: false, error: { code: 'forbidden', message: 'Unknown sender.' } };
      return dispatch(core.handlers, channel, input);
    });

    window = new BrowserWindow({
      width: 1180,
      height: 800,
      title: 'Switchboard',
      webPreferences: {
        preload: path.join(__dirname, 'preload.js'),
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        webSecurity: true,
      },
    });
    window.webContents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https://')) shell.openExternal(url);
      return { action: 'deny' };
    });
    window.webContents.on('will-navigate', (event, url) => {
      if (!url.startsWith('file://')) event.preventDefault();
    });
    window.loadFile(RENDERER_INDEX);

    app.on('before-quit', () => core.close());
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
