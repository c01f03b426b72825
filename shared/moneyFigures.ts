/**
 * An amount of money in figures to the millionth, trailing zeros past four decimals left out: 0.02743,
 * 1.5000, 0.000075. Nothing shown is rounded further (four decimals made three $0.012345 calls $0.0123
 * each, and their total $0.0370). The ledger keeps each call unrounded, and a total says what its
 * calls really sum to.
 */
export const moneyFigures = (amount: number): string => amount.toFixed(6).replace(/(\.\d{4}\d*?)0+$/, '$1');

/** The smallest amount shown in figures: a priced call under half of it would read $0.0000, as if free. */
export const LEAST_SHOWN_USD = 0.000001;

/** More than nothing, but nothing in figures to the millionth (an 11-token embedding call costs $0.00000022). */
export const underLeastShown = (amount: number): boolean => amount > 0 && Number(amount.toFixed(6)) === 0;

/** Dollars in those figures, as the command line and the audit's sentences print them: $0.02743, <$0.000001. */
export const usd = (amount: number): string => (underLeastShown(amount) ? `<$${LEAST_SHOWN_USD.toFixed(6)}` : `$${moneyFigures(amount)}`);
