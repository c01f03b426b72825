import type { Handlers } from '../shared/contract';
import { TOOL_CLIENTS } from '../shared/schemas';
import type { Locale } from '../renderer/i18n/locale';
import { heldAmounts } from '../shared/heldAmounts';
import { lowestBalance } from '../shared/lowestBalance';
import type { HeldAmount, TrayState } from './trayMenu';

/** Each part is read on its own: a gateway that does not answer must not empty the whole menu. */
async function settle<T>(work: () => T | Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch {
    return null;
  }
}

type Balances = Awaited<ReturnType<Handlers['accounts.balance']>>;

const amountsOf = (b: Balances['balances'][number]): HeldAmount[] => heldAmounts(b).map(({ remaining, currency }) => ({ remaining, currency }));

/**
 * A read that is repeated at most every `ms`: balances come from the gateways, and the tray
 * refreshes every minute; once every few minutes is enough for them.
 */
export function everyAtMost<T>(ms: number, read: () => Promise<T>, now: () => number = Date.now): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | null = null;
  return () => {
    if (!last || now() - last.at >= ms) {
      const entry = { at: now(), value: read() };
      last = entry;
      // A failed read is not kept: the next refresh asks again.
      entry.value.catch(() => {
        if (last === entry) last = null;
      });
    }
    return last.value;
  };
}

/** Reads what the tray shows through the same handlers the window uses. */
export async function loadTrayState(
  handlers: Handlers,
  proxy: TrayState['proxy'],
  locale: Locale,
  readBalances: () => Balances | Promise<Balances> = () => handlers['accounts.balance']({}),
): Promise<TrayState> {
  const [status, providers, today, balances] = await Promise.all([
    settle(() => handlers['clients.status']({})),
    settle(() => handlers['providers.list']({})),
    settle(() => handlers['usage.summary']({ since: 'today', by: 'provider' })),
    settle(readBalances),
  ]);
  const lowest = lowestBalance(balances?.balances ?? []);
  return {
    locale,
    tools: TOOL_CLIENTS.map((client) => {
      const s = status?.find((c) => c.client === client);
      return { client, label: s?.label ?? client, provider: s?.provider ?? null, mode: s?.applied?.mode ?? null, drift: !!s?.drift.length };
    }),
    providers: (providers ?? []).map((p) => p.name),
    proxy,
    todaySpendUsd: today?.totals.costUsd ?? null,
    todayUnpricedCalls: today?.totals.unpricedCalls ?? 0,
    todayCalls: today?.totals.calls ?? null,
    lowestBalance: lowest ? { account: lowest.account, amounts: amountsOf(lowest), low: lowest.low } : null,
    lowAccounts: (balances?.balances ?? []).filter((b) => b.low).map((b) => ({ account: b.account, amounts: amountsOf(b) })),
  };
}
