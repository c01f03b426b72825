// An account's balance may be held in several currencies (DeepSeek: yuan and dollars); every edge
// shows each of them, and says which are low when the account as a whole still has money.
import type { Balance } from './accountsContract';

type Held = Pick<Balance, 'remaining' | 'currency' | 'low' | 'holdings'>;

/** Each currency of a balance: its holdings when it holds several, else its one figure. */
export const heldAmounts = (b: Held): { currency: string; remaining: number; low: boolean }[] =>
  b.holdings ?? [{ currency: b.currency, remaining: b.remaining, low: b.low }];

/** Currencies below the threshold in an account that is not low as a whole. */
export const lowCurrencies = (b: Held): string[] => (b.low ? [] : (b.holdings ?? []).filter((h) => h.low).map((h) => h.currency));
