/**
 * Prices in USD per million tokens, as gateways publish them. A cache price is null when nobody
 * set it: cached tokens of such a model have no price rather than a guessed one.
 */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead: number | null;
  cacheWrite: number | null;
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

/** Dollars rounded to a millionth: finer than any gateway bills, and free of float noise such as 0.30000000000000004. */
export const roundUsd = (usd: number): number => Math.round(usd * 1e6) / 1e6;

/**
 * A price in USD per million tokens rounded to a billionth of a dollar: every published price
 * stays as it is, and prices computed from ratios lose their float noise (3 x 0.1 = 0.30000000000000004).
 */
export const roundPrice = (usdPerMillion: number): number => Math.round(usdPerMillion * 1e9) / 1e9;

/**
 * Cost in USD of one call: each token class at its price, times the key's group ratio. Null when
 * the call used tokens that have no price (no price for the model, or an unset cache price):
 * such a call is "without a price", never $0.
 */
export function costOf(tokens: TokenCounts, price: PriceSnapshot): number | null {
  const used = tokens.inputTokens + tokens.outputTokens + tokens.cacheReadTokens + tokens.cacheWriteTokens > 0;
  if (price.source === 'none') return used ? null : 0;
  if ((tokens.cacheReadTokens > 0 && price.cacheRead === null) || (tokens.cacheWriteTokens > 0 && price.cacheWrite === null)) return null;
  const raw =
    tokens.inputTokens * price.input +
    tokens.outputTokens * price.output +
    tokens.cacheReadTokens * (price.cacheRead ?? 0) +
    tokens.cacheWriteTokens * (price.cacheWrite ?? 0);
  return roundUsd((raw / PER_MILLION) * price.groupRatio);
}

export const NO_PRICE: PriceSnapshot = { input: 0, output: 0, cacheRead: null, cacheWrite: null, groupRatio: 1, source: 'none' };
