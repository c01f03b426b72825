/**
 * An amount of money in figures to the millionth the ledger keeps, trailing zeros past four decimals
 * left out: 0.02743, 1.5000, 0.000075. Nothing shown is rounded further, so the calls and groups a
 * table lists add up to the total it prints (four decimals made three $0.012345 calls $0.0123 each,
 * and their total $0.0370).
 */
export const moneyFigures = (amount: number): string => amount.toFixed(6).replace(/(\.\d{4}\d*?)0+$/, '$1');

/** Dollars in those figures, as the command line and the audit's sentences print them: $0.02743. */
export const usd = (amount: number): string => `$${moneyFigures(amount)}`;
