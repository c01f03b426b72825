import { describe, expect, it } from 'vitest';
import { cacheWrite1hPrice, callUsd, costOf, NO_PRICE, roundUsd } from '../../../electron/core/usage/cost';

describe('cost arithmetic', () => {
  const sonnet = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, groupRatio: 1, source: 'manual' as const };

  it('prices each token class per million', () => {
    // 1,000 in x $3/M = $0.003; 500 out x $15/M = $0.0075
    expect(costOf({ inputTokens: 1000, outputTokens: 500, cacheReadTokens: 0, cacheWriteTokens: 0 }, sonnet)).toBe(0.0105);
  });

  it('charges cache reads and writes at their own prices, not as input', () => {
    // 200 in: 0.0006; 100 out: 0.0015; 10,000 cache read: 0.003; 2,000 cache write: 0.0075 => 0.0126
    expect(costOf({ inputTokens: 200, outputTokens: 100, cacheReadTokens: 10_000, cacheWriteTokens: 2_000 }, sonnet)).toBe(0.0126);
  });

  it('multiplies by the key group ratio', () => {
    const vip = { ...sonnet, groupRatio: 0.8 };
    // 0.0105 x 0.8 = 0.0084 (kept unrounded: float noise far below a millionth)
    expect(costOf({ inputTokens: 1000, outputTokens: 500, cacheReadTokens: 0, cacheWriteTokens: 0 }, vip)).toBeCloseTo(0.0084, 15);
    const premium = { ...sonnet, groupRatio: 1.5 };
    expect(costOf({ inputTokens: 1_000_000, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 }, premium)).toBe(4.5);
  });

  it('has no cost, rather than $0, when the call used tokens without a price', () => {
    expect(costOf({ inputTokens: 123, outputTokens: 456, cacheReadTokens: 7, cacheWriteTokens: 8 }, NO_PRICE)).toBeNull();
    // A call that used no tokens (refused before any) costs nothing, priced or not.
    expect(costOf({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 }, NO_PRICE)).toBe(0);
  });

  it('has no cost when cached tokens meet an unset cache price, and ignores the unset price otherwise', () => {
    const noCachePrice = { ...sonnet, cacheRead: null, cacheWrite: null };
    expect(costOf({ inputTokens: 200, outputTokens: 100, cacheReadTokens: 10_000, cacheWriteTokens: 0 }, noCachePrice)).toBeNull();
    expect(costOf({ inputTokens: 200, outputTokens: 100, cacheReadTokens: 0, cacheWriteTokens: 2_000 }, noCachePrice)).toBeNull();
    expect(costOf({ inputTokens: 1000, outputTokens: 500, cacheReadTokens: 0, cacheWriteTokens: 0 }, noCachePrice)).toBe(0.0105);
  });

  it('keeps a cost below a millionth: a short call costs what its tokens cost, never $0', () => {
    // 11 tokens at $0.02/M is $0.00000022; rounded to millionths it was $0, and so were a million of them.
    const embedding = { input: 0.02, output: 0, cacheRead: null, cacheWrite: null, groupRatio: 1, source: 'manual' as const };
    expect(costOf({ inputTokens: 11, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 }, embedding)).toBeCloseTo(2.2e-7, 18);
  });

  it('rounds a total to whole millionths of a dollar, and a call only of its float noise', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(roundUsd(0.1 + 0.2)).toBe(0.3);
    expect(callUsd(3 * 0.1 * 1e-6)).toBe(3e-7);
    expect(callUsd(null)).toBeNull();
  });

  it('rounds a total that lands on half a millionth the same way whatever order its calls were summed in', () => {
    // Calls at $0.15/M x 10 per token: their exact sum is $0.0244785, which the usage page summed
    // per model and per day in two orders, and float noise put one sum each side of the half.
    const costs = [0.0031979999999999995, 0.004490999999999999, 0.005487, 0.000828, 0.007081499999999999, 0.0030735, 0.00031949999999999996];
    const forward = costs.reduce((sum, c) => sum + c, 0);
    const backward = [...costs].reverse().reduce((sum, c) => sum + c, 0);
    expect(forward).not.toBe(backward);
    expect(roundUsd(forward)).toBe(0.024479);
    expect(roundUsd(backward)).toBe(0.024479);
  });

  it('prices 1-hour cache writes apart: the price set, else twice the input price, never where cache writes have none', () => {
    const tokens = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 1_000_000, cacheWrite1hTokens: 400_000 };
    // 600,000 5-minute writes at $3.75/M and 400,000 1-hour writes at 2 x $3/M.
    expect(cacheWrite1hPrice(sonnet)).toBe(6);
    expect(costOf(tokens, sonnet)).toBeCloseTo(0.6 * 3.75 + 0.4 * 6, 12);
    expect(costOf(tokens, { ...sonnet, cacheWrite1h: 7 })).toBeCloseTo(0.6 * 3.75 + 0.4 * 7, 12);
    expect(cacheWrite1hPrice({ ...sonnet, cacheWrite: null })).toBeNull();
    expect(costOf({ ...tokens, cacheWriteTokens: 400_000 }, { ...sonnet, cacheWrite: null })).toBeNull();
    expect(costOf({ ...tokens, cacheWriteTokens: 400_000 }, { ...sonnet, cacheWrite: null, cacheWrite1h: 6 })).toBeCloseTo(2.4, 12);
  });
});
