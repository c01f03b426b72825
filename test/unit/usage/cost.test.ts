import { describe, expect, it } from 'vitest';
import { costOf, NO_PRICE, roundUsd } from '../../../electron/core/usage/cost';

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
    // 0.0105 x 0.8 = 0.0084
    expect(costOf({ inputTokens: 1000, outputTokens: 500, cacheReadTokens: 0, cacheWriteTokens: 0 }, vip)).toBe(0.0084);
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

  it('rounds to whole millionths of a dollar, free of float noise', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(roundUsd(0.1 + 0.2)).toBe(0.3);
    // 1 token at $0.1/M and 2 at $0.1/M: 3e-7 rounds to 0, and 100,001 tokens to 0.010000 (not 0.010000100000000001)
    const cheap = { input: 0.1, output: 0.1, cacheRead: 0.1, cacheWrite: 0.1, groupRatio: 1, source: 'manual' as const };
    expect(costOf({ inputTokens: 1, outputTokens: 2, cacheReadTokens: 0, cacheWriteTokens: 0 }, cheap)).toBe(0);
    expect(costOf({ inputTokens: 100_001, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 }, cheap)).toBe(0.01);
  });
});
