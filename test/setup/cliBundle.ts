// Rebuilds the bundled `switchboard` command before the tests, so CLI tests run what ships
// (bin/switchboard.cjs would otherwise fall back to the TypeScript sources when it is stale).
import { bundleCli } from '../../scripts/bundleCli.mjs';

export default async function setup() {
  await bundleCli();
}
