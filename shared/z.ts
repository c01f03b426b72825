import { config } from 'zod';

// The z every contract schema is built with. Without eval: zod 4 otherwise probes `new Function`
// when it builds its first object schema and compiles a parser per object schema on first use.
// The dashboard's CSP forbids eval (Chromium logs a violation on every page), and in a CLI command
// that parses a few values the compiling costs more than it saves.
config({ jitless: true });

// Imported as a namespace (`import * as z from './z'`), which bundlers shake to the functions the
// schemas use: zod's own `z` object holds all of zod (160 KB more in the CLI bundle, about a sixth
// of what `status` did beyond starting Node).
export * from 'zod';
