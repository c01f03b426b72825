import { describe, expect, it } from 'vitest';
import { createBreakers } from '../../../electron/core/proxy/breaker';
import { translate } from '../../../renderer/i18n/locale';
import { breakerText } from '../../../renderer/lib/breakerText';
import { sameBreakers, waitLeft } from '../../../renderer/lib/breakerWait';

const en = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate('en', key, vars);
const HOUR = 3600_000;

/** A server whose breaker for "gw" opened for ten minutes, read by a browser whose clock is `skew` ms off the server's. */
function serverAndBrowser(skew: number) {
  let serverNow = 1_800_000_000_000;
  const breakers = createBreakers(() => ({ threshold: 1, coolDownMs: 10 * 60_000 }), () => serverNow);
  breakers.failure(1, { message: 'gw: HTTP 503' });
  return {
    breakers,
    /** What the page gets from breakers.list, and when it arrived by the browser's clock. */
    read: () => ({ breaker: breakers.view(1, 'gw'), readAt: serverNow + skew }),
    browserNow: () => serverNow + skew,
    wait: (ms: number) => void (serverNow += ms),
  };
}

describe('how long until a skipped provider is tried again, on a browser clock set to any time', () => {
  it('counts down the server\u2019s wait whether the browser\u2019s clock is right, hours ahead or hours behind', () => {
    for (const skew of [0, 2 * HOUR, -2 * HOUR, 30_000]) {
      const s = serverAndBrowser(skew);
      const { breaker, readAt } = s.read();
      expect(waitLeft(breaker, readAt, s.browserNow()), `skew ${skew}`).toBe(10 * 60_000);
      expect(breakerText(en, breaker, waitLeft(breaker, readAt, s.browserNow()))).toBe('gw: HTTP 503 \u2014 tried again in 10 min');
      s.wait(9 * 60_000 + 30_000);
      expect(waitLeft(breaker, readAt, s.browserNow()), `skew ${skew}`).toBe(30_000);
      expect(breakerText(en, breaker, waitLeft(breaker, readAt, s.browserNow()))).toBe('gw: HTTP 503 \u2014 tried again in 30 s');
      s.wait(30_000);
      // Due by the browser's count exactly when the server lets the probe through.
      expect(waitLeft(breaker, readAt, s.browserNow())).toBe(0);
      expect(s.breakers.view(1, 'gw').state).toBe('half_open');
      s.wait(60_000);
      expect(waitLeft(breaker, readAt, s.browserNow())).toBe(0);
    }
  });

  it('is not lengthened by a browser clock set back after the reading', () => {
    const s = serverAndBrowser(0);
    const { breaker, readAt } = s.read();
    expect(waitLeft(breaker, readAt, readAt - HOUR)).toBe(10 * 60_000);
  });

  it('is none for a probing or healthy provider', () => {
    const s = serverAndBrowser(HOUR);
    s.wait(10 * 60_000);
    const probing = s.read();
    expect(waitLeft(probing.breaker, probing.readAt, probing.readAt)).toBeNull();
    expect(breakerText(en, probing.breaker, null)).toBe('gw: HTTP 503 \u2014 tried again on the next call');
    s.breakers.success(1);
    const healthy = s.read();
    expect(waitLeft(healthy.breaker, healthy.readAt, healthy.readAt)).toBeNull();
  });
});

describe('whether a new reading of the breakers says anything new', () => {
  it('not while a breaker stays open with the same deadline, its wait shrinking between readings', () => {
    const s = serverAndBrowser(0);
    const first = s.read().breaker;
    s.wait(3000);
    const second = s.read().breaker;
    expect(second.retryInMs).toBe(first.retryInMs! - 3000);
    expect(sameBreakers([first], [second])).toBe(true);
  });

  it('yes when a breaker opens, fails again, starts probing or closes, or a provider comes or goes', () => {
    const s = serverAndBrowser(0);
    const open = s.read().breaker;
    s.breakers.failure(2, { message: 'other: HTTP 502' });
    expect(sameBreakers([open, s.breakers.view(2, 'other')], [open, { ...s.breakers.view(2, 'other'), consecutiveFailures: 0, lastError: null }])).toBe(false);
    s.wait(10 * 60_000);
    const probing = s.read().breaker;
    expect(sameBreakers([open], [probing])).toBe(false);
    s.breakers.failure(1, { message: 'gw: HTTP 503' });
    expect(sameBreakers([probing], [s.read().breaker])).toBe(false);
    s.breakers.success(1);
    expect(sameBreakers([open], [s.read().breaker])).toBe(false);
    expect(sameBreakers([open], [])).toBe(false);
  });
});
