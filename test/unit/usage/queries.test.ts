import { describe, expect, it } from 'vitest';
import { parseSince, sincePhrase } from '../../../shared/since';
import { pricesFromNewApi } from '../../../electron/core/usage/prices';
import { quantile } from '../../../electron/core/usage/service';
import { usageRecordOf } from '../../../electron/core/usage/record';
import { EMPTY_OUTCOME } from '../../../electron/core/proxy/forward';
import { inTimeZone } from '../../helpers/timeZone';

describe('time windows', () => {
  const now = Date.UTC(2026, 10, 23, 12, 0, 0);
  it('reads durations and dates, and rejects the rest', () => {
    expect(parseSince('24h', now)).toBe(now - 86_400_000);
    expect(parseSince('30m', now)).toBe(now - 1_800_000);
    expect(parseSince('7d', now)).toBe(now - 7 * 86_400_000);
    expect(parseSince('2026-11-01', now)).toBe(new Date(2026, 10, 1).getTime());
    expect(parseSince('2026-02-31', now)).toBeNull();
    expect(parseSince('yesterday-ish', now)).toBeNull();
  });

  it('starts a bare date at local midnight, like "today" and a date-time without a zone', () =>
    inTimeZone('America/Los_Angeles', () => {
      const midnight = new Date(2026, 2, 10).getTime();
      expect(parseSince('2026-03-10', now)).toBe(midnight);
      expect(parseSince('2026-03-10T00:00', now)).toBe(midnight);
      expect(parseSince('today', new Date(2026, 2, 10, 15, 0).getTime())).toBe(midnight);
      expect(parseSince('2026-03-10T00:00Z', now)).toBe(Date.UTC(2026, 2, 10));
    }));

  it('reads as words in a sentence: a duration is the last so long, a date or time a start', () => {
    expect(sincePhrase('24h')).toBe('in the last 24h');
    expect(sincePhrase('7d')).toBe('in the last 7d');
    expect(sincePhrase('Today')).toBe('today');
    expect(sincePhrase('2026-11-01')).toBe('since 2026-11-01');
    expect(sincePhrase('2026-11-01T09:30')).toBe('since 2026-11-01T09:30');
  });
});

describe('new-api pricing', () => {
  it('turns ratios into USD per million tokens (ratio 1 = $2/M) and keeps per-call models apart', () => {
    const pricing = pricesFromNewApi({
      success: true,
      data: [
        { model_name: 'gpt-5.4', quota_type: 0, model_ratio: 0.625, completion_ratio: 8, cache_ratio: 0.1 },
        { model_name: 'dall-e-3', quota_type: 1, model_price: 0.04 },
      ],
      group_ratio: { default: 1, vip: 0.8 },
    })!;
    expect(pricing.prices).toEqual([{ model: 'gpt-5.4', price: { input: 1.25, output: 10, cacheRead: 0.125, cacheWrite: 1.25 } }]);
    expect(pricing.perCall).toEqual(['dall-e-3']);
    expect(pricing.groupRatios).toEqual({ default: 1, vip: 0.8 });
    expect(pricesFromNewApi({ success: false, message: 'no' })).toBeNull();
  });
});

describe('latency quantiles', () => {
  it('uses the nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(sorted, 0.5)).toBe(50);
    expect(quantile(sorted, 0.95)).toBe(95);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe('ledger rows', () => {
  const call = { ts: 1, requestId: 'sb_1', client: 'chat' as const, caller: 'chat' as const, endpoint: 'chat' as const, body: { model: 'm', messages: [{ role: 'user', content: 'a'.repeat(40) }] }, totalMs: 5 };
  const price = () => ({ input: 2, output: 8, cacheRead: 0.5, cacheWrite: 2.5, groupRatio: 1.5, source: 'gateway' as const });

  it('charges reported tokens with the snapshot and the group ratio', () => {
    const row = usageRecordOf(call, { ...EMPTY_OUTCOME, providerId: 1, provider: 'gw', servedModel: 'm', status: 200, usage: { inputTokens: 1000, outputTokens: 500, cacheReadTokens: 2000, cacheWriteTokens: 0, reasoningTokens: 0 } }, price);
    // (1000 x 2 + 500 x 8 + 2000 x 0.5) / 1e6 x 1.5 = 0.0105
    expect(row.costUsd).toBe(0.0105);
    expect(row.estimatedCounts).toBeNull();
    expect(row.price.groupRatio).toBe(1.5);
  });

  it('estimates when the gateway reported nothing, and charges failed calls nothing', () => {
    const estimated = usageRecordOf(call, { ...EMPTY_OUTCOME, providerId: 1, provider: 'gw', servedModel: 'm', status: 200, contentChars: 81 }, price);
    expect(estimated).toMatchObject({ estimatedCounts: 'all', outputTokens: 21, endpoint: 'chat' });
    expect(estimated.inputTokens).toBeGreaterThanOrEqual(10);
    const failed = usageRecordOf(call, { ...EMPTY_OUTCOME, status: 502, errorClass: 'connection', failedProviders: ['gw'], attempts: 1 }, price);
    expect(failed).toMatchObject({ estimatedCounts: null, inputTokens: 0, outputTokens: 0, costUsd: 0, provider: null });
  });

  it('says only the output was estimated when the gateway reported the other counts but not the final output', () => {
    const usage = { inputTokens: 1000, outputTokens: 21, cacheReadTokens: 2000, cacheWriteTokens: 0, reasoningTokens: 0, outputEstimated: true as const };
    const row = usageRecordOf(call, { ...EMPTY_OUTCOME, providerId: 1, provider: 'gw', servedModel: 'm', status: 200, usage }, price);
    expect(row).toMatchObject({ estimatedCounts: 'output', inputTokens: 1000, cacheReadTokens: 2000, outputTokens: 21 });
  });
});
