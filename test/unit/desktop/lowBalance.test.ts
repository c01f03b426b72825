import { describe, expect, it } from 'vitest';
import { lowBalanceNotices } from '../../../electron/lowBalance';
import { everyAtMost } from '../../../electron/trayState';

const low = (account: string) => ({ account, amounts: [{ remaining: 1, currency: 'USD' }] });

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

describe('balances in the tray', () => {
  it('are read from the gateways at most every few minutes, and again after a failed read', async () => {
    let t = 0;
    let reads = 0;
    let fail = false;
    const read = everyAtMost(300_000, async () => {
      reads += 1;
      if (fail) throw new Error('gateway down');
      return reads;
    }, () => t);
    expect(await read()).toBe(1);
    t = 60_000;
    expect(await read()).toBe(1);
    t = 300_000;
    fail = true;
    await expect(read()).rejects.toThrow('gateway down');
    fail = false;
    t = 300_001;
    expect(await read()).toBe(3);
  });
});
