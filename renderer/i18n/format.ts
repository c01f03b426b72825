import { atLeastShown, RAW_QUOTA } from '../../shared/moneyFigures';
import { translate, type Locale } from './locale';

/** Numbers, money, durations and times in the chosen language's conventions. */
export function formatNumber(locale: Locale, value: number, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits }).format(value);
}

export function formatCompact(locale: Locale, value: number): string {
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** The places a money figure has at most: beyond them, a positive amount reads "<" and the least they show. */
const MONEY_PLACES = 8;

/**
 * Small amounts keep enough decimals to show two significant digits (at least four): a single
 * call often costs a fraction of a cent, and chart ticks must not collapse to the same label.
 */
export function formatMoney(locale: Locale, value: number, currency = 'USD'): string {
  const figures = (amount: number) => {
    const size = Math.abs(amount);
    const digits = size > 0 && size < 1 ? Math.min(MONEY_PLACES, Math.max(4, Math.ceil(-Math.log10(size)) + 1)) : 2;
    return inCurrency(locale, currency, 2, digits)(amount);
  };
  return atLeastShown(value, figures, currency === RAW_QUOTA ? 0 : MONEY_PLACES);
}

/**
 * A call's or a total's cost, or one call's charge in the gateway's currency, to the millionth (at
 * least four decimals), as the command line prints it; a charged amount under half a millionth reads
 * "<$0.000001" or "<CN¥0.000001", not "$0.0000". The ledger keeps each call's cost unrounded, and
 * totals are summed from that.
 */
export function formatCost(locale: Locale, amount: number, currency = 'USD'): string {
  return atLeastShown(amount, inCurrency(locale, currency, 4, 6), currency === RAW_QUOTA ? 0 : 6);
}

/**
 * Figures in a currency; raw quota in whole units, named as the command line names them ("1,500
 * quota"); a unit that is not an ISO currency (a gateway's own symbol or credits) after the number.
 */
function inCurrency(locale: Locale, currency: string, minimumFractionDigits: number, maximumFractionDigits: number): (amount: number) => string {
  if (currency === RAW_QUOTA) return (amount) => translate(locale, 'money.quota', { amount: formatNumber(locale, amount) });
  try {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits, maximumFractionDigits });
    return (amount) => format.format(amount);
  } catch {
    const figures = new Intl.NumberFormat(locale, { minimumFractionDigits, maximumFractionDigits });
    return (amount) => `${figures.format(amount)} ${currency}`;
  }
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
