/**
 * Prices in USD per million tokens, as gateways publish them. A cache price is null when nobody
 * set it: cached tokens of such a model have no price rather than a guessed one.
 */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead: number | null;
  /** A cache write kept 5 minutes (Anthropic's default), and any write a gateway does not tell apart. */
  cacheWrite: number | null;
  /** A cache write kept an hour; unset (null, or absent in snapshots taken before it existed): see cacheWrite1hPrice. */
  cacheWrite1h?: number | null;
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
  /** The part of cacheWriteTokens kept an hour. */
  cacheWrite1hTokens?: number;
}

const PER_MILLION = 1_000_000;

const roundedTo = (scale: number, n: number): number => Math.round(n * scale) / scale;

/** Whole millionths of a millionth of a dollar: far below one token at any price, above a sum's float noise. */
const picoUsd = (usd: number): number => Math.round(usd * 1e12);

/**
 * Dollars rounded to a millionth, for a figure shown (a total, a group): finer than any gateway bills,
 * and free of float noise such as 0.30000000000000004. Never for a cost recorded: an 11-token embedding
 * call costs less than a millionth, and a million of them rounded one by one would sum to $0.
 * The noise goes first: a total on half a millionth (common at $x.5/M) summed in another order
 * (per model, per day) would otherwise round up in one and down in the other.
 */
export const roundUsd = (usd: number): number => Math.round(picoUsd(usd) / 1e6) / 1e6;

/**
 * One call's cost as exported (JSON, CSV): its float noise gone at a millionth of a millionth of a dollar,
 * so the sum of a million sub-millionth calls still adds up.
 */
export const callUsd = (usd: number | null): number | null => (usd === null ? null : picoUsd(usd) / 1e12);

/**
 * A price in USD per million tokens rounded to a billionth of a dollar: every published price
 * stays as it is, and prices computed from ratios lose their float noise (3 x 0.1 = 0.30000000000000004).
 */
export const roundPrice = (usdPerMillion: number): number => roundedTo(1e9, usdPerMillion);

/** Anthropic prices a 1-hour cache write at twice the input price (a 5-minute one at 1.25 times). */
const ONE_HOUR_WRITE_TO_INPUT = 2;

/**
 * The price of a 1-hour cache write: the one set, else twice the input price, as Anthropic bills it,
 * where the model's cache writes have a price at all (an unset cache price is never guessed).
 */
export function cacheWrite1hPrice(price: ModelPrice): number | null {
  if (price.cacheWrite1h !== undefined && price.cacheWrite1h !== null) return price.cacheWrite1h;
  return price.cacheWrite === null ? null : roundPrice(price.input * ONE_HOUR_WRITE_TO_INPUT);
}

/**
 * Cost in USD of one call: each token class at its price, times the key's group ratio, unrounded
 * (the ledger keeps it so; figures are rounded where shown). Null when the call used tokens that
 * have no price (no price for the model, or an unset cache price): such a call is "without a price", never $0.
 */
export function costOf(tokens: TokenCounts, price: PriceSnapshot): number | null {
  const used = tokens.inputTokens + tokens.outputTokens + tokens.cacheReadTokens + tokens.cacheWriteTokens > 0;
  if (price.source === 'none') return used ? null : 0;
  const oneHourWrites = Math.min(tokens.cacheWrite1hTokens ?? 0, tokens.cacheWriteTokens);
  const shortWrites = tokens.cacheWriteTokens - oneHourWrites;
  const oneHourPrice = oneHourWrites > 0 ? cacheWrite1hPrice(price) : 0;
  if ((tokens.cacheReadTokens > 0 && price.cacheRead === null) || (shortWrites > 0 && price.cacheWrite === null) || oneHourPrice === null) return null;
  const raw =
    tokens.inputTokens * price.input +
    tokens.outputTokens * price.output +
    tokens.cacheReadTokens * (price.cacheRead ?? 0) +
    shortWrites * (price.cacheWrite ?? 0) +
    oneHourWrites * oneHourPrice;
  return (raw / PER_MILLION) * price.groupRatio;
}

export const NO_PRICE: PriceSnapshot = { input: 0, output: 0, cacheRead: null, cacheWrite: null, groupRatio: 1, source: 'none' };
