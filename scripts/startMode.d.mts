export type ElectronLookup = { binary: string; missing?: undefined } | { binary?: undefined; missing: 'package' | 'binary' };
export declare function findElectron(loadElectron: () => unknown, exists?: (file: string) => boolean): ElectronLookup;
export declare function chooseStartMode(options: {
  electron: ElectronLookup;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
}): { mode: 'desktop'; binary: string } | { mode: 'headless'; message: string };
