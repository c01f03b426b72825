import { describe, expect, it } from 'vitest';
import { formatCost, formatDateTime, formatErrorRate, formatMoney } from '../../../renderer/i18n/format';

describe('money in the UI', () => {
  it('shows cents for whole amounts and two significant digits for fractions of a cent', () => {
    expect(formatMoney('en', 12.5)).toBe('$12.50');
    expect(formatMoney('en', 0.0284)).toBe('$0.0284');
    expect(formatMoney('en', 0.000075)).toBe('$0.000075');
    expect(formatMoney('en', 0.0001)).not.toBe(formatMoney('en', 0.00015));
  });

  it('prints a unit that is not a currency after the number', () => {
    expect(formatMoney('en', 1500.5, 'credits')).toBe('1,500.50 credits');
  });

  it('counts raw quota in whole units named as the command line names them, in both languages', () => {
    expect(formatMoney('en', 57_381_241, 'TOKENS')).toBe('57,381,241 quota');
    expect(formatMoney('zh-CN', 57_381_241, 'TOKENS')).toBe('57,381,241 额度');
    expect(formatCost('en', 36_975, 'TOKENS')).toBe('36,975 quota');
    expect(formatMoney('en', 0, 'TOKENS')).toBe('0 quota');
    expect(formatCost('en', 0.4, 'TOKENS')).toBe('<1 quota');
  });

  it('shows a charge in any currency to the millionth, as the command line does, in both languages', () => {
    expect(formatCost('en', 0.02743, 'CNY')).toBe('CN¥0.02743');
    expect(formatCost('zh-CN', 0.02743, 'CNY')).toBe('¥0.02743');
    expect(formatCost('en', 0.0000002, 'CNY')).toBe('<CN¥0.000001');
    expect(formatCost('zh-CN', 0.0000002, 'CNY')).toBe('<¥0.000001');
    expect(formatCost('zh-CN', 0.0000002)).toBe('<US$0.000001');
    expect(formatCost('en', 0.0000002, 'credits')).toBe('<0.000001 credits');
    expect(formatCost('en', 0, 'CNY')).toBe('CN¥0.0000');
  });

  it('never shows an amount that is more than nothing as nothing, in any currency', () => {
    expect(formatMoney('en', 0.000000002, 'CNY')).toBe('<CN¥0.00000001');
    expect(formatMoney('zh-CN', 0.000000002)).toBe('<US$0.00000001');
    expect(formatMoney('en', 0.000000002, 'credits')).toBe('<0.00000001 credits');
    expect(formatMoney('en', 0.0000002, 'CNY')).toBe('CN¥0.0000002');
    expect(formatMoney('en', 0)).toBe('$0.00');
  });
});

describe('times in the UI', () => {
  it('are 24-hour in every language, never AM/PM', () => {
    const afternoon = new Date(2026, 0, 2, 13, 5, 9).getTime();
    const night = new Date(2026, 0, 2, 0, 5, 9).getTime();
    for (const locale of ['en', 'zh-CN'] as const) {
      expect(formatDateTime(locale, afternoon)).toContain('13:05:09');
      expect(formatDateTime(locale, night)).toContain('00:05:09');
      expect(formatDateTime(locale, afternoon)).not.toMatch(/AM|PM|上午|下午/);
    }
  });
});

describe('the share of failed calls', () => {
  it('is a percentage of the calls there were, and a dash when there were none', () => {
    expect(formatErrorRate('en', { calls: 8, errorRate: 0.125 })).toBe('12.5%');
    expect(formatErrorRate('en', { calls: 3, errorRate: 0 })).toBe('0%');
    expect(formatErrorRate('en', { calls: 0, errorRate: 0 })).toBe('\u2013');
  });
});
