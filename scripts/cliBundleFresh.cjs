// Where the bundled `switchboard` command lives, and whether it still matches its sources. CommonJS,
// so bin/switchboard.cjs loads it without starting Node's ES module loader (about 10 ms a start).
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CLI_BUNDLE_DIR = path.join(ROOT, 'dist', 'cli');
const CLI_BUNDLE = path.join(CLI_BUNDLE_DIR, 'switchboard.cjs');
/** The source files the bundle was made from, checked by bin/switchboard.cjs at every start. */
const CLI_BUNDLE_INPUTS = path.join(CLI_BUNDLE_DIR, 'inputs.json');

/**
 * True when the bundle exists and no source it was built from changed since (edited, pulled or
 * deleted). Costs one stat per source file, a few milliseconds.
 */
function isCliBundleFresh() {
  let inputs;
  let builtAt;
  try {
    inputs = JSON.parse(fs.readFileSync(CLI_BUNDLE_INPUTS, 'utf8'));
    builtAt = fs.statSync(CLI_BUNDLE).mtimeMs;
  } catch {
    return false;
  }
  for (const file of inputs) {
    const stat = fs.statSync(ROOT + path.sep + file, { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs > builtAt) return false;
  }
  return true;
}

module.exports = { ROOT, CLI_BUNDLE_DIR, CLI_BUNDLE, CLI_BUNDLE_INPUTS, isCliBundleFresh };
