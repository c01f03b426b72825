import type * as NodeCrypto from 'node:crypto';
import { lateRequire } from './lateRequire';

let loaded: typeof NodeCrypto | undefined;

/**
 * node:crypto, loaded on first use: it costs each CLI start about 6 ms, and commands such as
 * `status` never seal a secret, hash a token or draw random bytes.
 */
export function nodeCrypto(): typeof NodeCrypto {
  loaded ??= lateRequire('node:crypto') as typeof NodeCrypto;
  return loaded;
}
