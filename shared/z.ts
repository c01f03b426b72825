import { config } from 'zod';
import type { $ZodMemoizer } from 'zod/v4/core';

/**
 * Parses without following reference cycles in the value. zod's default memoizer supports values
 * that contain themselves, and to know whether one can occur it walks each object and array
 * schema's whole subtree on its first parse: about 2 ms of every CLI command. The values we parse
 * are JSON (request bodies, files, IPC messages) and no schema of ours is recursive (no `z.lazy`,
 * no shape that names itself in a getter), so no cycle can occur; `zod/mini` has no memoizer either.
 */
const withoutCycles: $ZodMemoizer = {
  attach() {},
  guard() {},
  alloc: (_inst, _payload, empty) => empty,
};

// The z every contract schema is built with. Without eval: zod 4 otherwise probes `new Function`
// when it builds its first object schema and compiles a parser per object schema on first use.
// The dashboard's CSP forbids eval (Chromium logs a violation on every page), and in a CLI command
// that parses a few values the compiling costs more than it saves.
config({ jitless: true, memoizer: withoutCycles });

// Imported as a namespace (`import * as z from './z'`), which bundlers shake to the functions the
// schemas use: zod's own `z` object holds all of zod (160 KB more in the CLI bundle, about a sixth
// of what `status` did beyond starting Node).
export * from 'zod';
