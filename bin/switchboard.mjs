#!/usr/bin/env node
// The `switchboard` command. Runs the esbuild bundle in dist/cli/ (built by `npm install` and
// `npm run build`) while it matches the sources; otherwise, or with SWITCHBOARD_DEV=1, runs the
// TypeScript sources through tsx, so a stale bundle never runs.
import { isCliBundleFresh, CLI_BUNDLE } from '../scripts/bundleCli.mjs';

let cli;
if (process.env.SWITCHBOARD_DEV !== '1' && isCliBundleFresh()) {
  cli = await import(CLI_BUNDLE);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../electron/cliMain.ts');
}
await cli.main();
