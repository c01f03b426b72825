// Bundles the `switchboard` command (electron/cliMain.ts and everything its commands load) into
// dist/cli/ with esbuild, so the installed command starts without compiling TypeScript.
// bin/switchboard.mjs runs the bundle only while it is fresh (see isCliBundleFresh).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_BUNDLE_DIR = path.join(ROOT, 'dist', 'cli');
export const CLI_BUNDLE = path.join(CLI_BUNDLE_DIR, 'switchboard.mjs');
/** The source files the bundle was made from, checked by bin/switchboard.mjs at every start. */
export const CLI_BUNDLE_INPUTS = path.join(CLI_BUNDLE_DIR, 'inputs.json');

// Native addons and packages that load their own files at run time stay in node_modules.
const EXTERNAL = ['better-sqlite3', '@napi-rs/keyring', 'electron', 'tsx'];

/**
 * zod's `z` namespace re-exports all of its ~50 translations (300 KB the CLI would parse at every
 * start); Switchboard's messages are English, so the bundle keeps only `en`.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer) ? { path: path.join(path.dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-en' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-en' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: path.dirname(args.path),
    }));
  },
};

/**
 * True when the bundle exists and no source it was built from changed since (edited, pulled or
 * deleted). Costs one stat per source file, a few milliseconds.
 */
export function isCliBundleFresh() {
  let inputs;
  let builtAt;
  try {
    inputs = JSON.parse(fs.readFileSync(CLI_BUNDLE_INPUTS, 'utf8'));
    builtAt = fs.statSync(CLI_BUNDLE).mtimeMs;
  } catch {
    return false;
  }
  for (const file of inputs) {
    const stat = fs.statSync(path.join(ROOT, file), { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs > builtAt) return false;
  }
  return true;
}

/** Builds dist/cli/ into a temp folder and swaps it in, so a concurrent start never sees half a bundle. */
export async function bundleCli() {
  const { build } = await import('esbuild');
  const staging = `${CLI_BUNDLE_DIR}.${process.pid}.tmp`;
  fs.rmSync(staging, { recursive: true, force: true });
  const result = await build({
    entryPoints: { switchboard: path.join(ROOT, 'electron', 'cliMain.ts') },
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // The entry answers help alone and imports the commands on demand, as they import the server,
    // the proxy and the accounts code: separate chunks.
    splitting: true,
    minifyWhitespace: true,
    minifySyntax: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    // Bundled CommonJS packages call require() for Node's modules; ESM has none of its own.
    banner: { js: "import { createRequire as __sbCreateRequire } from 'node:module'; const require = __sbCreateRequire(import.meta.url);" },
    absWorkingDir: ROOT,
    plugins: [zodEnglishOnly],
    metafile: true,
    logLevel: 'warning',
  });
  const sources = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/') && !file.includes(':'));
  // Written last: a bundle without its inputs list counts as stale.
  fs.writeFileSync(path.join(staging, 'inputs.json'), JSON.stringify(sources));
  const old = `${CLI_BUNDLE_DIR}.${process.pid}.old`;
  if (fs.existsSync(CLI_BUNDLE_DIR)) fs.renameSync(CLI_BUNDLE_DIR, old);
  try {
    fs.renameSync(staging, CLI_BUNDLE_DIR);
  } catch (err) {
    // Another process swapped in its (identical) build between the two renames.
    if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
    fs.rmSync(staging, { recursive: true, force: true });
  }
  fs.rmSync(old, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundleCli();
  console.log('Built dist/cli.');
}
