import { describe, expect, it } from 'vitest';
import type { Balance } from '../../shared/accountsContract';
import { lowestBalance } from '../../shared/lowestBalance';

type Figures = Pick<Balance, 'account' | 'remaining' | 'currency' | 'unlimited' | 'low' | 'threshold' | 'holdings' | 'cannotPay'>;

const balance = (account: string, remaining: number, currency: string, more: Partial<Figures> = {}): Figures => {
  const threshold = more.threshold ?? null;
  return { account, remaining, currency, unlimited: false, low: threshold !== null && remaining < threshold, threshold, ...more };
};
const lowest = (balances: Figures[]) => lowestBalance(balances)?.account ?? null;

describe('the account nearest to running out', () => {
  it('compares accounts in different currencies by how many times their threshold they still hold, not by raw figures', () => {
    const usd = balance('usd', 10, 'USD', { threshold: 5 }); // 2x
    const cny = balance('cny', 50, 'CNY', { threshold: 40 }); // 1.25x
    const tokens = balance('tokens', 500_000, 'TOKENS', { threshold: 100_000 }); // 5x
    expect(lowest([usd, cny, tokens])).toBe('cny');
    expect(lowest([tokens, usd])).toBe('usd');
  });

  it('names a low account before any that is not, whatever the figures', () => {
    const low = balance('low', 900, 'CNY', { threshold: 1000 });
    expect(lowest([balance('small', 1, 'USD'), low, balance('near', 0.6, 'USD', { threshold: 0.5 })])).toBe('low');
  });

  it('among low accounts, one with nothing left comes first, then by share of the threshold', () => {
    const half = balance('half', 2.5, 'USD', { threshold: 5 });
    const tenth = balance('tenth', 10, 'CNY', { threshold: 100 });
    const empty = balance('empty', 0, 'TOKENS', { threshold: 1 });
    expect(lowest([half, tenth])).toBe('tenth');
    expect(lowest([half, tenth, empty])).toBe('empty');
  });

  it('an account its gateway says cannot pay for calls counts as one with nothing left, whatever its figures', () => {
    const refused = balance('refused', 110, 'CNY', { threshold: 5, low: true, cannotPay: true });
    expect(lowest([balance('tenth', 0.5, 'USD', { threshold: 5 }), refused])).toBe('refused');
  });

  it('an empty account without a threshold comes before one that still holds money against a threshold', () => {
    expect(lowest([balance('watched', 6, 'USD', { threshold: 5 }), balance('empty', 0, 'CNY')])).toBe('empty');
  });

  it('without thresholds, compares figures within one currency and keeps the listed order across currencies', () => {
    const usd = balance('usd', 10, 'USD');
    const cny = balance('cny', 50, 'CNY');
    const cnyLess = balance('cny-less', 20, 'CNY');
    expect(lowest([usd, cny])).toBe('usd');
    expect(lowest([cny, usd])).toBe('cny');
    expect(lowest([cny, usd, cnyLess])).toBe('cny-less');
  });

  it('an account with a threshold comes before one without (only it says what low means)', () => {
    expect(lowest([balance('plain', 1, 'CNY'), balance('watched', 500, 'USD', { threshold: 100 })])).toBe('watched');
  });

  it('leaves unlimited balances out, and is null when nothing is left to compare', () => {
    const unlimited = balance('unlimited', 0, 'USD', { unlimited: true });
    expect(lowest([unlimited, balance('some', 3, 'USD')])).toBe('some');
    expect(lowest([unlimited])).toBeNull();
    expect(lowest([])).toBeNull();
  });

  it('an account holding several currencies counts by the one it runs on, and is empty only when all are', () => {
    const both = balance('both', 0.5, 'USD', {
      threshold: 5,
      low: true,
      holdings: [
        { currency: 'USD', remaining: 0.5, low: true },
        { currency: 'CNY', remaining: 0, low: true },
      ],
    });
    const empty = balance('empty', 0, 'USD', { threshold: 5 });
    expect(lowest([both, empty])).toBe('empty');
    const runsOnYuan = balance('yuan', 40, 'CNY', {
      threshold: 5,
      holdings: [
        { currency: 'CNY', remaining: 40, low: false },
        { currency: 'USD', remaining: 1, low: true },
      ],
    });
    expect(lowest([runsOnYuan, balance('usd', 20, 'USD', { threshold: 5 })])).toBe('usd');
  });
});
