import path from 'node:path';
import { nativeImage, type NativeImage } from 'electron';

/** The tray icon from build/ resources; macOS gets a template image so it follows the menu bar's colour. */
export function trayIcon(resourcesDir: string): NativeImage {
  const image = nativeImage.createFromPath(path.join(resourcesDir, 'tray.png')).resize({ width: 16, height: 16 });
  if (process.platform === 'darwin') image.setTemplateImage(true);
  return image;
}
