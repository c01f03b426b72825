import { createRequire } from 'node:module';

/**
 * require() for what a command loads only when it needs it (a native library, a costly Node
 * module): an import at the top would load it at every start. The bundles are CommonJS (with
 * __filename); the sources under tsx are ES modules (with import.meta).
 */
export const lateRequire = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
