import { describe, expect, it } from 'vitest';
import { callCost, totalCost, unpricedAdvice } from '../../../electron/cliMoney';
import { atLeastShown, moneyIn, usd } from '../../../shared/moneyFigures';
import { translate, type Locale } from '../../../renderer/i18n/locale';
import { callCostText, totalCostText } from '../../../renderer/lib/costText';

describe('cost on the command line', () => {
  it('says "no price" for a call without one, never $0.0000', () => {
    expect(callCost(null)).toBe('no price');
    expect(callCost(0)).toBe('$0.0000');
    expect(callCost(0.0284)).toBe('$0.0284');
    expect(callCost(0.000075)).toBe('$0.000075');
    expect(usd(1.23)).toBe('$1.2300');
    // A cent or more keeps the millionths the ledger holds, so shown costs add up.
    expect(callCost(0.02743)).toBe('$0.02743');
    expect(usd(1.500049)).toBe('$1.500049');
    // A priced call under half a millionth (11 embedding tokens at $0.02/M) is not shown as free.
    expect(callCost(0.00000022)).toBe('<$0.000001');
    expect(callCost(0.00000051)).toBe('$0.000001');
  });

  it('keeps totals honest about the calls they leave out', () => {
    expect(totalCost(1.23, 0, 10)).toBe('$1.2300');
    expect(totalCost(1.23, 4, 10)).toBe('$1.2300 + 4 calls without a price');
    expect(totalCost(1.23, 1, 10)).toBe('$1.2300 + 1 call without a price');
    expect(totalCost(0, 3, 3)).toBe('no price');
    expect(unpricedAdvice(0)).toBeNull();
    expect(unpricedAdvice(2)).toMatch(/^2 calls had no price, so the cost above leaves them out: .*"switchboard price set"\.$/);
  });
});

describe('amounts in any currency on the command line', () => {
  it('read as less than the least shown when they are more than nothing, never as nothing', () => {
    expect(moneyIn(0.0000002, 'CNY')).toBe('<0.000001 CNY');
    expect(moneyIn(0.0000002, '¤')).toBe('<0.000001 ¤');
    expect(moneyIn(0.00000051, 'CNY')).toBe('0.000001 CNY');
    expect(moneyIn(0.02743, 'CNY')).toBe('0.02743 CNY');
    expect(moneyIn(0, 'CNY')).toBe('0.0000 CNY');
    // The same rule at any number of places: a balance in cents, raw quota in whole units.
    const cents = (n: number) => atLeastShown(n, (a) => `${a.toFixed(2)} USD`, 2);
    expect(cents(0.004)).toBe('<0.01 USD');
    expect(cents(0.005)).toBe('0.01 USD');
    expect(cents(0)).toBe('0.00 USD');
    expect(atLeastShown(0.4, (q) => `${Math.round(q)} quota`, 0)).toBe('<1 quota');
  });
});

describe('cost in the UI', () => {
  const t = (locale: Locale) => (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(locale, key, vars);

  it('shows "no price" in the chosen language instead of $0', () => {
    expect(callCostText(t('en'), 'en', null)).toBe('no price');
    expect(callCostText(t('zh-CN'), 'zh-CN', null)).toBe('无价格');
    expect(callCostText(t('en'), 'en', 0.0284)).toBe('$0.0284');
    // To the millionth the ledger keeps, as the command line prints it: three $0.012345 calls add up to their $0.037035.
    expect(callCostText(t('en'), 'en', 0.012345)).toBe('$0.012345');
    expect(totalCostText(t('en'), 'en', { costUsd: 0.037035, unpricedCalls: 0, calls: 3 })).toBe('$0.037035');
    expect(callCostText(t('en'), 'en', 2.5295)).toBe('$2.5295');
    expect(callCostText(t('zh-CN'), 'zh-CN', 0.02743)).toBe('US$0.02743');
    expect(callCostText(t('en'), 'en', 0.00000022)).toBe('<$0.000001');
    expect(callCostText(t('zh-CN'), 'zh-CN', 0.00000022)).toBe('<US$0.000001');
    expect(callCostText(t('en'), 'en', 0)).toBe('$0.0000');
  });

  it('adds the calls without a price to a total, in both languages', () => {
    expect(totalCostText(t('en'), 'en', { costUsd: 1.23, unpricedCalls: 4, calls: 10 })).toBe('$1.2300 + 4 calls without a price');
    expect(totalCostText(t('zh-CN'), 'zh-CN', { costUsd: 1.23, unpricedCalls: 4, calls: 10 })).toBe('US$1.2300 + 4 次无价格调用');
    expect(totalCostText(t('en'), 'en', { costUsd: 0, unpricedCalls: 2, calls: 2 })).toBe('no price');
    expect(totalCostText(t('en'), 'en', { costUsd: 1.23, unpricedCalls: 1200, calls: 5000 })).toBe('$1.2300 + 1,200 calls without a price');
    expect(totalCostText(t('en'), 'en', { costUsd: 0.5, unpricedCalls: 0, calls: 2 })).toBe('$0.5000');
  });
});
