// Loads a CommonJS bundle through V8's code cache. Node 20 keeps no compile cache of its own, and
// compiling the command bundle (about 1 MB) was the largest part of a `switchboard status` start; with
// the cache V8 skips parsing and finds the functions the last run compiled ready-made.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { createRequire } from 'node:module';

export interface CachedModule {
  exports: Record<string, unknown>;
  /** True when V8 took the cache file as it was. */
  cacheUsed: boolean;
  /**
   * Writes the cache when there was none or V8 rejected it (another Node version or flags), unless
   * the file was rebuilt meanwhile; called after the command ran, so it holds the functions the
   * run compiled. An unwritable folder (a read-only install) only means the next start compiles again.
   */
  saveCache(): void;
}

/** The file holding V8's code cache for `file`. */
export const codeCacheFile = (file: string): string => `${file}.v8cache`;

/**
 * Runs `file`, a CommonJS module already inside Node's module wrapper (`Module.wrap`, applied by
 * the build): wrapping it here made a second copy of the megabyte of source at every start.
 */
export function loadWithCodeCache(file: string): CachedModule {
  // The build writes ASCII only (bundleCli escapes what esbuild leaves), so latin1 reads it exactly and fastest.
  const source = fs.readFileSync(file, 'latin1');
  const loaded = fs.statSync(file);
  const cacheFile = codeCacheFile(file);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(source, {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {} as Record<string, unknown> };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  return {
    exports: module.exports,
    cacheUsed,
    saveCache() {
      // V8 checks a cache only against the source's length: a cache saved for a bundle that a
      // rebuild has since replaced (same length, other code) would run the old code.
      const now = fs.statSync(file, { throwIfNoEntry: false });
      if (cacheUsed || now?.ino !== loaded.ino || now.mtimeMs !== loaded.mtimeMs) return;
      const staging = `${cacheFile}.${process.pid}.tmp`;
      try {
        fs.writeFileSync(staging, script.createCachedData());
        fs.renameSync(staging, cacheFile);
      } catch {
        fs.rmSync(staging, { force: true });
      }
    },
  };
}
