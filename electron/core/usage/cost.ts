/** Prices in USD per million tokens, as gateways publish them. */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** The price a call was charged with, stored on its ledger row so later price edits never rewrite history. */
export interface PriceSnapshot extends ModelPrice {
  groupRatio: number;
  source: 'gateway' | 'manual' | 'none';
}

export interface TokenCounts {
  /** Uncached input tokens (cache reads and writes are counted apart, never twice). */
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

const PER_MILLION = 1_000_000;

/** Cost in USD of one call: each token class at its price, times the key's group ratio. */
export function costOf(tokens: TokenCounts, price: PriceSnapshot): number {
  const raw =
    tokens.inputTokens * price.input +
    tokens.outputTokens * price.output +
    tokens.cacheReadTokens * price.cacheRead +
    tokens.cacheWriteTokens * price.cacheWrite;
  // Rounded to a millionth of a dollar: finer than any gateway bills, and free of float noise.
  return Math.round((raw / PER_MILLION) * price.groupRatio * 1e6) / 1e6;
}

export const NO_PRICE: PriceSnapshot = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, groupRatio: 1, source: 'none' };
