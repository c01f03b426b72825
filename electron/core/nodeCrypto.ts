import type * as NodeCrypto from 'node:crypto';
import { lazily } from '../../shared/lazy';
import { lateRequire } from './lateRequire';

/**
 * node:crypto, loaded on first use: it costs each CLI start about 6 ms, and commands such as
 * `status` never seal a secret, hash a token or draw random bytes.
 */
export const nodeCrypto = lazily(() => lateRequire('node:crypto') as typeof NodeCrypto);
