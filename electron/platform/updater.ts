import { app } from 'electron';

/**
 * Checks for updates in packaged builds only. electron-updater is optional: it is loaded by name
 * at run time, so a build without it simply skips updates.
 */
export async function checkForUpdates(log: (message: string) => void): Promise<void> {
  if (!app.isPackaged) return;
  const moduleName = 'electron-updater';
  try {
    const { autoUpdater } = (await import(moduleName)) as { autoUpdater: { checkForUpdatesAndNotify(): Promise<unknown> } };
    await autoUpdater.checkForUpdatesAndNotify();
  } catch (err) {
    log(`Update check skipped: ${(err as Error).message}`);
  }
}
