/**
 * An amount of money in figures to the millionth, trailing zeros past four decimals left out: 0.02743,
 * 1.5000, 0.000075. Nothing shown is rounded further (four decimals made three $0.012345 calls $0.0123
 * each, and their total $0.0370). The ledger keeps each call unrounded: calls under half a millionth
 * show $0.0000 one by one, and their total what they really sum to.
 */
export const moneyFigures = (amount: number): string => amount.toFixed(6).replace(/(\.\d{4}\d*?)0+$/, '$1');

/** Dollars in those figures, as the command line and the audit's sentences print them: $0.02743. */
export const usd = (amount: number): string => `$${moneyFigures(amount)}`;
