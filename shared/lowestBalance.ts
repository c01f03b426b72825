// Which account is nearest to running out. Balances come in units with no rate between them (US
// dollars, yuan, raw quota 'TOKENS', a gateway's own display symbol), so raw figures are compared
// only within one currency; across currencies the yardstick is each account's own threshold.
import type { Balance } from './accountsContract';
import { heldAmounts } from './heldAmounts';

type Ranked = Pick<Balance, 'remaining' | 'currency' | 'unlimited' | 'low' | 'threshold' | 'holdings' | 'cannotPay'>;

/** Smaller is nearer to running out; compared element by element. */
type Urgency = number[];

const compare = (a: Urgency, b: Urgency): number => {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
};

/**
 * The account nearest to running out, or null when there is none with a limited balance. In order:
 * low accounts before the rest; an account with nothing left in any currency, or that its gateway
 * says cannot pay for calls, before one with money; then accounts with a threshold, by how many
 * times their threshold they still hold (a ratio, so 10 USD against 5 and 50 CNY against 100
 * compare); then accounts without one, by their figure within a currency and, across currencies, in
 * the order they are listed. For an account that holds several currencies the figure that counts is
 * its first (the currency it runs on, see `againstThreshold`).
 */
export function lowestBalance<B extends Ranked>(balances: readonly B[]): B | null {
  const limited = balances.filter((b) => !b.unlimited);
  const currencyOrder = [...new Set(limited.map((b) => b.currency))];
  const urgency = (b: B): Urgency => {
    const spent = b.cannotPay || heldAmounts(b).every((h) => h.remaining <= 0);
    const tier = [b.low ? 0 : 1, spent ? 0 : 1];
    if (b.threshold !== null && b.threshold > 0) return [...tier, 0, b.remaining / b.threshold];
    return [...tier, 1, currencyOrder.indexOf(b.currency), b.remaining];
  };
  const ranked = limited.map((b) => ({ b, key: urgency(b) })).sort((x, y) => compare(x.key, y.key));
  return ranked[0]?.b ?? null;
}
