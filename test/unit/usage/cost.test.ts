import { describe, expect, it } from 'vitest';
import { costOf, NO_PRICE } from '../../../electron/core/usage/cost';

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

  it('costs nothing without a price', () => {
    expect(costOf({ inputTokens: 123, outputTokens: 456, cacheReadTokens: 7, cacheWriteTokens: 8 }, NO_PRICE)).toBe(0);
  });
});
