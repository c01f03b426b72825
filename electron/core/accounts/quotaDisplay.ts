// How a one-api / new-api gateway shows quota: /api/status gives quota per unit (500000 = 1 USD
// by default) and the display currency. Balances, keys and logs are shown in that currency.
import { isRecord, num, str } from './gatewayAnswer';

export const DEFAULT_QUOTA_PER_UNIT = 500_000;

export type QuotaDisplayType = 'USD' | 'CNY' | 'TOKENS' | 'CUSTOM';

export interface QuotaDisplay {
  quotaPerUnit: number;
  type: QuotaDisplayType;
  /** What amounts are shown in: 'USD', 'CNY', 'TOKENS' (raw quota), or a custom currency's own symbol. */
  currency: string;
  /** Display units per USD: 1 for USD, the gateway's rate for CNY and for a custom currency. */
  usdExchangeRate: number;
}

export const USD_DISPLAY: QuotaDisplay = { quotaPerUnit: DEFAULT_QUOTA_PER_UNIT, type: 'USD', currency: 'USD', usdExchangeRate: 1 };

/** new-api's own default symbol for a custom currency that has none. */
const CUSTOM_SYMBOL = '¤';

/**
 * Reads /api/status data; newer new-api says quota_display_type, older ones and one-api only
 * display_in_currency. CUSTOM (recent new-api) brings custom_currency_symbol and
 * custom_currency_exchange_rate (1 USD = rate units).
 */
export function quotaDisplayFrom(status: unknown): QuotaDisplay {
  if (!isRecord(status)) return USD_DISPLAY;
  const quotaPerUnit = num(status.quota_per_unit, DEFAULT_QUOTA_PER_UNIT) || DEFAULT_QUOTA_PER_UNIT;
  const declared = str(status.quota_display_type).toUpperCase();
  const type: QuotaDisplayType = declared === 'USD' || declared === 'CNY' || declared === 'TOKENS' || declared === 'CUSTOM' ? declared : status.display_in_currency === false ? 'TOKENS' : 'USD';
  if (type === 'CUSTOM') {
    return { quotaPerUnit, type, currency: str(status.custom_currency_symbol).trim() || CUSTOM_SYMBOL, usdExchangeRate: num(status.custom_currency_exchange_rate, 0) || 1 };
  }
  const usdExchangeRate = type === 'CNY' ? num(status.usd_exchange_rate, 0) || num(status.price, 0) || 1 : 1;
  return { quotaPerUnit, type, currency: type, usdExchangeRate };
}

/** Quota units as an amount in the display currency. */
export function amountOf(display: QuotaDisplay, quota: number): number {
  if (display.type === 'TOKENS') return quota;
  return round((quota / display.quotaPerUnit) * display.usdExchangeRate);
}

/** An amount in the display currency as quota units (for a new key's quota). */
export function quotaOf(display: QuotaDisplay, amount: number): number {
  if (display.type === 'TOKENS') return Math.round(amount);
  return Math.round((amount / display.usdExchangeRate) * display.quotaPerUnit);
}

/**
 * Division noise away (7.300000000000001), every real figure kept: rounding to the millionth made a
 * 1-quota call at 0.1 units per dollar (0.0000002) a charge of 0, which every view then showed as free.
 */
const round = (n: number) => Number(n.toPrecision(12));
