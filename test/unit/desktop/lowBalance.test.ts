import { describe, expect, it } from 'vitest';
import { lowBalanceNotices } from '../../../electron/lowBalance';

const low = (account: string) => ({ account, remaining: 1, currency: 'USD' });

describe('low-balance notifications', () => {
  it('notify each account once when it goes low, and again only after a recovery', () => {
    const first = lowBalanceNotices([low('a'), low('b')], new Set());
    expect(first.notify.map((a) => a.account)).toEqual(['a', 'b']);
    const again = lowBalanceNotices([low('a'), low('b')], first.notified);
    expect(again.notify).toEqual([]);
    const afterTopUp = lowBalanceNotices([low('b')], again.notified);
    expect(afterTopUp.notify).toEqual([]);
    const lowAgain = lowBalanceNotices([low('a'), low('b')], afterTopUp.notified);
    expect(lowAgain.notify.map((a) => a.account)).toEqual(['a']);
  });
});
