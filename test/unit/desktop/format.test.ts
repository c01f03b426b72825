import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../../renderer/i18n/format';

describe('money in the UI', () => {
  it('shows cents for whole amounts and two significant digits for fractions of a cent', () => {
    expect(formatMoney('en', 12.5)).toBe('$12.50');
    expect(formatMoney('en', 0.0284)).toBe('$0.0284');
    expect(formatMoney('en', 0.000075)).toBe('$0.000075');
    expect(formatMoney('en', 0.0001)).not.toBe(formatMoney('en', 0.00015));
  });

  it('prints a unit that is not a currency after the number', () => {
    expect(formatMoney('en', 1500, 'TOKENS')).toBe('1,500 TOKENS');
  });
});
