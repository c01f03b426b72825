import { describe, expect, it } from 'vitest';
import { regionalCurrency } from '../../../electron/core/accounts/balanceReading';

describe('the currency of a vendor with a China and an international site', () => {
  it('is USD on the international host and CNY on the China one', () => {
    expect(regionalCurrency('siliconflow', 'https://api.siliconflow.com')).toBe('USD');
    expect(regionalCurrency('siliconflow', 'https://api.siliconflow.cn')).toBe('CNY');
    expect(regionalCurrency('moonshot', 'https://api.moonshot.ai')).toBe('USD');
    expect(regionalCurrency('moonshot', 'https://api.moonshot.cn/')).toBe('CNY');
  });
});
