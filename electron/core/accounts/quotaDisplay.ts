// How a one-api / new-api gateway shows quota: /api/status gives quota per unit (500000 = 1 USD
// by default) and the display currency. Balances, keys and logs are shown in that currency.
import { isRecord, num, str } from './gatewayAnswer';

export const DEFAULT_QUOTA_PER_UNIT = 500_000;

export interface QuotaDisplay {
  quotaPerUnit: number;
  /** 'USD', 'CNY' or 'TOKENS' (raw quota). */
  currency: string;
  /** CNY per USD, used when the currency is CNY. */
  usdExchangeRate: number;
}

export const USD_DISPLAY: QuotaDisplay = { quotaPerUnit: DEFAULT_QUOTA_PER_UNIT, currency: 'USD', usdExchangeRate: 1 };

/** Reads /api/status data; newer new-api says quota_display_type, older ones and one-api only display_in_currency. */
export function quotaDisplayFrom(status: unknown): QuotaDisplay {
  if (!isRecord(status)) return USD_DISPLAY;
  const quotaPerUnit = num(status.quota_per_unit, DEFAULT_QUOTA_PER_UNIT) || DEFAULT_QUOTA_PER_UNIT;
  const declared = str(status.quota_display_type).toUpperCase();
  const currency = ['USD', 'CNY', 'TOKENS'].includes(declared) ? declared : status.display_in_currency === false ? 'TOKENS' : 'USD';
  const usdExchangeRate = num(status.usd_exchange_rate, 0) || num(status.price, 0) || 1;
  return { quotaPerUnit, currency, usdExchangeRate };
}

/** Quota units as an amount in the display currency. */
export function amountOf(display: QuotaDisplay, quota: number): number {
  if (display.currency === 'TOKENS') return quota;
  const usd = quota / display.quotaPerUnit;
  return round(display.currency === 'CNY' ? usd * display.usdExchangeRate : usd);
}

/** An amount in the display currency as quota units (for a new key's quota). */
export function quotaOf(display: QuotaDisplay, amount: number): number {
  if (display.currency === 'TOKENS') return Math.round(amount);
  const usd = display.currency === 'CNY' ? amount / display.usdExchangeRate : amount;
  return Math.round(usd * display.quotaPerUnit);
}

/** Quota units in USD, whatever the display currency (the ledger prices in USD). */
export const usdOf = (display: QuotaDisplay, quota: number): number => round(quota / display.quotaPerUnit);

const round = (n: number) => Math.round(n * 1e6) / 1e6;
