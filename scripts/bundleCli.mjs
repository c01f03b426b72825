// Bundles the `switchboard` command (electron/cliMain.ts and everything its commands load) into
// dist/cli/ with esbuild, so the installed command starts without compiling TypeScript.
// bin/switchboard.cjs runs the bundle only while it is fresh (see cliBundleFresh.cjs).
import fs from 'node:fs';
import { Module } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import bundlePaths from './cliBundleFresh.cjs';

const { ROOT, CLI_BUNDLE_DIR } = bundlePaths;
export const { CLI_BUNDLE, CLI_BUNDLE_INPUTS, isCliBundleFresh } = bundlePaths;
export { CLI_BUNDLE_DIR };

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

/** The commands' bundle, beside the entry. */
const COMMANDS_FILE = 'commands.cjs';

/**
 * cliMain.ts answers help alone and imports ./cli (every command) only when one runs. In the bundle
 * that import loads commands.cjs through V8's code cache (electron/codeCache.ts), and saves the
 * cache once the command has run.
 */
const commandsThroughCodeCache = {
  name: 'commands-through-code-cache',
  setup(build) {
    build.onResolve({ filter: /^\.\/cli$/ }, (args) => (args.importer.endsWith('cliMain.ts') ? { path: 'commands', namespace: 'code-cache' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'code-cache' }, () => ({
      contents: `import path from 'node:path';
import { loadWithCodeCache } from ${JSON.stringify(path.join(ROOT, 'electron', 'codeCache.ts'))};
export async function runCommandLine(...args) {
  const commands = loadWithCodeCache(path.join(__dirname, '${COMMANDS_FILE}'));
  try {
    return await commands.exports.runCommandLine(...args);
  } finally {
    commands.saveCache();
  }
}`,
      resolveDir: ROOT,
    }));
  },
};

/**
 * The commands' bundle with every non-ASCII character written as a \u escape, so loadWithCodeCache
 * can read it as latin1 (one byte a character, the fastest string V8 parses). esbuild escapes
 * strings but leaves regular expression literals as written: /…/ read as latin1 became three other
 * characters, and a masked key ("sb-…1234") stopped reading as masked. A \uXXXX escape means the
 * same character in a string and in a regular expression (with or without the u flag, where an
 * escaped surrogate pair is one character); characters beyond U+FFFF go as such a pair.
 */
const asciiOnly = (code) => code.replace(/[^\x00-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Builds dist/cli/ into a temp folder and swaps it in, so a concurrent start never sees half a bundle. */
export async function bundleCli() {
  const { build } = await import('esbuild');
  const staging = `${CLI_BUNDLE_DIR}.${process.pid}.tmp`;
  fs.rmSync(staging, { recursive: true, force: true });
  const common = {
    bundle: true,
    minifyWhitespace: true,
    minifySyntax: true,
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    absWorkingDir: ROOT,
    metafile: true,
    logLevel: 'warning',
  };
  const results = await Promise.all([
    // CommonJS both: Node 20 keeps a code cache only for scripts, and starts its ES module loader
    // only for ES modules.
    build({ ...common, entryPoints: [path.join(ROOT, 'electron', 'cliMain.ts')], outfile: path.join(staging, path.basename(CLI_BUNDLE)), format: 'cjs', plugins: [commandsThroughCodeCache] }),
    build({
      ...common,
      entryPoints: [path.join(ROOT, 'electron', 'cli.ts')],
      outfile: path.join(staging, COMMANDS_FILE),
      format: 'cjs',
      // undici (700 KB) serves only the proxy and gateway calls: loaded from node_modules when those
      // run, it is not read at every start of the other commands. better-sqlite3's JavaScript is
      // bundled (code-cached with the rest; db.ts names its native addon), only the addon stays.
      external: [...EXTERNAL.filter((name) => name !== 'better-sqlite3'), 'undici'],
      plugins: [zodEnglishOnly],
      // headless.ts reads import.meta only where __dirname is missing (under tsx), never in this bundle.
      logOverride: { 'empty-import-meta': 'silent' } }),
  ]);
  // loadWithCodeCache takes the commands' module inside Node's wrapper, written once here, in ASCII.
  const commandsFile = path.join(staging, COMMANDS_FILE);
  fs.writeFileSync(commandsFile, asciiOnly(Module.wrap(fs.readFileSync(commandsFile, 'utf8'))), 'latin1');
  const sources = [...new Set(results.flatMap((result) => Object.keys(result.metafile.inputs)))].filter((file) => !file.startsWith('node_modules/') && !file.includes(':'));
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
