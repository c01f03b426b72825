import { app } from 'electron';

/** Checks for updates in packaged builds only; a development run never asks the update feed. */
export async function checkForUpdates(log: (message: string) => void): Promise<void> {
  if (!app.isPackaged) return;
  try {
    // Loaded here, not at start-up: unpackaged runs never need it.
    const { autoUpdater } = await import('electron-updater');
    await autoUpdater.checkForUpdatesAndNotify();
  } catch (err) {
    log(`Update check failed: ${(err as Error).message}`);
  }
}
