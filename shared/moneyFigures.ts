import { groupThousands } from './formatCount';

/**
 * An amount of money in figures to the millionth, trailing zeros past four decimals left out, the whole
 * part grouped in thousands: 0.02743, 1.5000, 0.000075, 1,204.3300. Nothing shown is rounded further (four decimals made three $0.012345 calls $0.0123
 * each, and their total $0.0370). The ledger keeps each call unrounded, and a total says what its
 * calls really sum to.
 */
export const moneyFigures = (amount: number): string => groupThousands(amount.toFixed(6).replace(/(\.\d{4}\d*?)0+$/, '$1'));

/**
 * An amount as `figures` shows it to `decimals` places, or, when it is more than nothing but would read
 * as nothing there (an 11-token embedding call costs $0.00000022), "<" and the least amount those
 * places show: "<$0.000001", "<0.000001 CNY", "<0.01 USD", "<1 quota". Said the same way in every
 * currency and both languages, so no charge or balance reads as free or empty when it is not.
 */
export const atLeastShown = (amount: number, figures: (amount: number) => string, decimals = 6): string =>
  amount > 0 && Number(amount.toFixed(decimals)) === 0 ? `<${figures(10 ** -decimals)}` : figures(amount);

/** Dollars in those figures, as the command line and the audit's sentences print them: $0.02743, <$0.000001. */
export const usd = (amount: number): string => atLeastShown(amount, (n) => `$${moneyFigures(n)}`);

/** An amount in another currency (or a gateway's own symbol) in the same figures: 0.02743 CNY, <0.000001 CNY. */
export const moneyIn = (amount: number, currency: string): string => atLeastShown(amount, (n) => `${moneyFigures(n)} ${currency}`);

/** The currency of a gateway that shows raw quota (new-api's display type TOKENS): whole quota units, not tokens. */
export const RAW_QUOTA = 'TOKENS';
