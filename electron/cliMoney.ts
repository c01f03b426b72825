import { formatCalls, groupThousands } from '../shared/formatCount';
import { usd } from '../shared/moneyFigures';

/** A figure as given (a threshold, a price), its whole part grouped like every amount shown. */
export const figure = (n: number): string => groupThousands(String(n));

/** One call's cost, or "no price" when it used tokens that have none (never a made-up $0). */
export const callCost = (costUsd: number | null): string => (costUsd === null ? 'no price' : usd(costUsd));

/** A total over `calls` calls: what the priced ones cost, and how many it leaves out. */
export function totalCost(costUsd: number, unpricedCalls: number, calls: number): string {
  if (unpricedCalls === 0) return usd(costUsd);
  if (unpricedCalls === calls) return 'no price';
  return `${usd(costUsd)} + ${formatCalls(unpricedCalls)} without a price`;
}

/** The sentence under a table whose totals leave calls out, with what to do about it. */
export function unpricedAdvice(unpricedCalls: number): string | null {
  if (unpricedCalls === 0) return null;
  return `${formatCalls(unpricedCalls)} had no price, so the cost above leaves ${unpricedCalls === 1 ? 'it' : 'them'} out: import prices with "switchboard price sync <provider>" or set them with "switchboard price set".`;
}
