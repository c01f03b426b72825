import { describe, expect, it } from 'vitest';
import { createBreakers, type BreakerFailure } from '../../../electron/core/proxy/breaker';
import { classifyNetworkError, classifyStatus } from '../../../electron/core/proxy/retryRules';
import { breakerFailureOf, gatewayFailureMidAnswer, streamFailureOf } from '../../../electron/core/proxy/streamFailure';
import { translate, type Locale } from '../../../renderer/i18n/locale';
import { breakerText } from '../../../renderer/lib/breakerText';
import { waitLeft } from '../../../renderer/lib/breakerWait';

const t = (locale: Locale) => (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(locale, key, vars);

/** A provider whose breaker the proxy's own failure opened, `coolDownMs` long, as the Routes page reads it (read again as the clock moves on). */
function tripped(provider: string, failure: BreakerFailure, coolDownMs = 30_000) {
  let now = 1_000_000;
  const breakers = createBreakers(() => ({ threshold: 1, coolDownMs }), () => now);
  breakers.failure(1, failure);
  return {
    in: (locale: Locale) => {
      const view = breakers.view(1, provider);
      return breakerText(t(locale), view, waitLeft(view, now, now));
    },
    wait: (ms: number) => void (now += ms),
  };
}

const refused = () => classifyNetworkError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), 'gw');

describe('why a provider is skipped, on the Routes page', () => {
  it('words the proxy’s failure in either language, the gateway’s words as it sent them, and counts down the cool-down', () => {
    const said = tripped('relay', classifyStatus(503, 'relay', { code: 'said', words: 'Upstream maintenance, back at 22:00.' }, {}));
    expect(said.in('en')).toBe('relay: Upstream maintenance, back at 22:00. — tried again in 30 s');
    expect(said.in('zh-CN')).toBe('relay：Upstream maintenance, back at 22:00.——30 秒后重试');
    said.wait(29_500);
    expect(said.in('zh-CN')).toBe('relay：Upstream maintenance, back at 22:00.——1 秒后重试');

    const unreachable = tripped('gw', refused(), 5 * 60_000);
    expect(unreachable.in('en')).toBe('gw could not be reached (ECONNREFUSED) — tried again in 5 min');
    expect(unreachable.in('zh-CN')).toBe('无法连接 gw（ECONNREFUSED）——5 分钟后重试');
    unreachable.wait(4 * 60_000 + 1000);
    expect(unreachable.in('en')).toBe('gw could not be reached (ECONNREFUSED) — tried again in 59 s');

    const long = tripped('gw', refused(), 2 * 3600_000);
    expect([long.in('en'), long.in('zh-CN')]).toEqual(['gw could not be reached (ECONNREFUSED) — tried again in 2 h', '无法连接 gw（ECONNREFUSED）——2 小时后重试']);
  });

  it('says a probing provider is tried on the next call', () => {
    const down = tripped('gw', refused());
    down.wait(30_000);
    expect(down.in('en')).toBe('gw could not be reached (ECONNREFUSED) — tried again on the next call');
    expect(down.in('zh-CN')).toBe('无法连接 gw（ECONNREFUSED）——下一次调用时重试');
  });

  it('words a failure after the answer had begun by what went wrong at the provider', () => {
    // As the converter reports a gateway's error event after content: reworded by the proxy, the gateway's words kept apart.
    const midAnswer = streamFailureOf('gw', { error: gatewayFailureMidAnswer('gw')('Overloaded.'), upstreamError: 'Overloaded.', cutOff: false }, null);
    const broke = tripped('gw', breakerFailureOf(midAnswer));
    expect(broke.in('en')).toBe('gw broke off its answer (it sent an error: Overloaded.) — tried again in 30 s');
    expect(broke.in('zh-CN')).toBe('gw 中断了回答（它发来了错误：Overloaded.）——30 秒后重试');
  });

  it('shows the English sentence a state kept by an older version has, and nothing for a healthy provider', () => {
    const older = tripped('gw', { message: 'gw: HTTP 502 with an empty body' });
    expect(older.in('zh-CN')).toBe('gw: HTTP 502 with an empty body——30 秒后重试');

    const breakers = createBreakers(() => ({ threshold: 3, coolDownMs: 30_000 }));
    expect(breakerText(t('en'), breakers.view(1, 'gw'), null)).toBeNull();
    breakers.failure(1, refused());
    expect(breakers.view(1, 'gw')).toMatchObject({ state: 'closed', consecutiveFailures: 1 });
    expect(breakerText(t('zh-CN'), breakers.view(1, 'gw'), null)).toBeNull();
  });
});
