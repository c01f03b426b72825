#!/usr/bin/env node
// The `switchboard` command. Runs the esbuild bundle in dist/cli/ (built by `npm install` and
// `npm run build`) while it matches the sources; otherwise, or with SWITCHBOARD_DEV=1, runs the
// TypeScript sources through tsx, so a stale bundle never runs. CommonJS: Node starts faster
// without its ES module loader, which only the tsx path needs.
const { isCliBundleFresh, CLI_BUNDLE } = require('../scripts/cliBundleFresh.cjs');

if (process.env.SWITCHBOARD_DEV !== '1' && isCliBundleFresh()) {
  require(CLI_BUNDLE).main();
} else {
  import('tsx/esm/api')
    .then(({ register }) => {
      register();
      return import('../electron/cliMain.ts');
    })
    .then((cli) => cli.main());
}
