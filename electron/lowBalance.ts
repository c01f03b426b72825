import type { TrayState } from './trayMenu';

type LowAccount = TrayState['lowAccounts'][number];

/**
 * Which low balances deserve a desktop notification now: each account once when it goes low, and
 * again only after it recovered (a top-up) and went low once more. Returns the new remembered set.
 */
export function lowBalanceNotices(low: readonly LowAccount[], alreadyNotified: ReadonlySet<string>): { notify: LowAccount[]; notified: Set<string> } {
  return {
    notify: low.filter((a) => !alreadyNotified.has(a.account)),
    notified: new Set(low.map((a) => a.account)),
  };
}
