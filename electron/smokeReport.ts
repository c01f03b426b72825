import fs from 'node:fs';

/** What `npm run smoke` checks in the packaged app: the window showed (and painted), the tray exists, a deep link arrived. */
export interface SmokeState {
  windowShown: boolean;
  trayCreated: boolean;
  deepLink: string | null;
  /** The window's contents as a PNG, beside the report. */
  screenshot: string | null;
}

/**
 * The smoke mode of the desktop shell (SWITCHBOARD_SMOKE_REPORT=path): each milestone rewrites
 * the JSON report whole, so a reader never sees half of one. Plain Node: tested without Electron.
 */
export function createSmokeReport(file: string) {
  const state: SmokeState = { windowShown: false, trayCreated: false, deepLink: null, screenshot: null };
  const write = () => {
    const temp = `${file}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(state, null, 2));
    fs.renameSync(temp, file);
  };
  write();
  return {
    /** Records a milestone; true once all three happened, when the app should quit. */
    note(change: Partial<Omit<SmokeState, 'screenshot'>>): boolean {
      Object.assign(state, change);
      write();
      return state.windowShown && state.trayCreated && state.deepLink !== null;
    },
    screenshot(png: Buffer): void {
      state.screenshot = `${file}.png`;
      fs.writeFileSync(state.screenshot, png);
      write();
    },
  };
}

export type SmokeReport = ReturnType<typeof createSmokeReport>;
