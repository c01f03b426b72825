import { LEAST_SHOWN_USD, underLeastShown } from '../../shared/moneyFigures';
import type { Locale } from './locale';

/** Numbers, money, durations and times in the chosen language's conventions. */
export function formatNumber(locale: Locale, value: number, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits }).format(value);
}

export function formatCompact(locale: Locale, value: number): string {
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/**
 * Small amounts keep enough decimals to show two significant digits (at least four): a single
 * call often costs a fraction of a cent, and chart ticks must not collapse to the same label.
 */
export function formatMoney(locale: Locale, value: number, currency = 'USD'): string {
  const size = Math.abs(value);
  const digits = size > 0 && size < 1 ? Math.min(8, Math.max(4, Math.ceil(-Math.log10(size)) + 1)) : 2;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: digits }).format(value);
  } catch {
    // Not an ISO currency (a gateway may count in tokens or credits): print the unit after the number.
    return `${formatNumber(locale, value, digits)} ${currency}`;
  }
}

/**
 * A call's or a total's cost in US dollars to the millionth (at least four decimals), as the command
 * line prints it; a priced amount under half a millionth reads "<$0.000001", not "$0.0000". The
 * ledger keeps each call's cost unrounded, and totals are summed from that.
 */
export function formatCost(locale: Locale, usd: number): string {
  const format = (amount: number) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', minimumFractionDigits: 4, maximumFractionDigits: 6 }).format(amount);
  return underLeastShown(usd) ? `<${format(LEAST_SHOWN_USD)}` : format(usd);
}

/** Money held in several currencies, each in its own: "CN¥100.00 + $0.50". */
export const formatAmounts = (locale: Locale, amounts: readonly { remaining: number; currency: string }[]): string =>
  amounts.map((a) => formatMoney(locale, a.remaining, a.currency)).join(' + ');

/** The share of calls that failed; a dash when there were none to count ("0% failed" of nothing says nothing). */
export function formatErrorRate(locale: Locale, totals: { calls: number; errorRate: number }): string {
  return totals.calls ? `${formatNumber(locale, totals.errorRate * 100, 1)}%` : '\u2013';
}

export function formatMs(locale: Locale, ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  return ms < 1000 ? `${formatNumber(locale, ms)} ms` : `${formatNumber(locale, ms / 1000, 2)} s`;
}

/** Always 24-hour, in every language: tables of calls and logs line up, and never mix AM/PM with 13:00. */
export function formatDateTime(locale: Locale, epochMs: number): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium', hourCycle: 'h23' }).format(epochMs);
}

export function formatDay(locale: Locale, epochMs: number): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }).format(epochMs);
}
