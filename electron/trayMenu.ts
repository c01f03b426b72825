import type { Mode, ToolClient } from '../shared/schemas';
import type { MessageKey } from '../renderer/i18n/en';
import { formatAmounts, formatMoney } from '../renderer/i18n/format';
import type { Locale, Vars } from '../renderer/i18n/locale';

export interface HeldAmount {
  remaining: number;
  currency: string;
}

/** What the tray shows; gathered by trayState.ts from the contract handlers. */
export interface TrayState {
  locale: Locale;
  tools: { client: ToolClient; label: string; provider: string | null; mode: Mode | null; drift: boolean }[];
  /** Provider names in the order the user sees them in the window. */
  providers: string[];
  proxy: { running: boolean; port: number };
  /** null when the ledger could not be read. */
  todaySpendUsd: number | null;
  /** Today's calls with no price: the spend leaves them out, so the menu says how many. */
  todayUnpricedCalls: number;
  todayCalls: number | null;
  /** The account nearest to running out (shared/lowestBalance.ts), each currency it holds; null when no account reported a limited balance. */
  lowestBalance: { account: string; amounts: HeldAmount[]; low: boolean } | null;
  /** Accounts below their low-balance threshold. */
  lowAccounts: { account: string; amounts: HeldAmount[] }[];
}

export type TrayAction =
  | { type: 'apply'; client: ToolClient; provider: string; mode: Mode }
  | { type: 'toggleProxy' }
  | { type: 'openWindow'; page?: string }
  | { type: 'quit' };

export type TrayItem =
  | { kind: 'info'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; label: string; action: TrayAction }
  | { kind: 'radio'; label: string; checked: boolean; action: TrayAction }
  | { kind: 'submenu'; label: string; items: TrayItem[] };

type Translate = (key: MessageKey, vars?: Vars) => string;

function toolSubmenu(tool: TrayState['tools'][number], providers: string[], t: Translate): TrayItem {
  const current = tool.provider ?? t('tray.none');
  const label = t(tool.drift ? 'tray.toolDrift' : 'tray.tool', { tool: tool.label, provider: current });
  if (providers.length === 0) return { kind: 'submenu', label, items: [{ kind: 'info', label: t('tray.noProviders') }] };
  // Switching keeps the mode the tool was set up with; a tool never set up goes through the proxy.
  const mode = tool.mode ?? 'proxy';
  return {
    kind: 'submenu',
    label,
    items: providers.map((provider) => ({
      kind: 'radio',
      label: provider,
      checked: provider === tool.provider,
      action: { type: 'apply', client: tool.client, provider, mode },
    })),
  };
}

/** The tray menu as data: main.ts turns it into an Electron menu; tests read it directly. */
export function planTrayMenu(state: TrayState, t: Translate): TrayItem[] {
  const { locale } = state;
  const spend =
    state.todaySpendUsd === null
      ? t('tray.spendUnknown')
      : t(state.todayUnpricedCalls ? 'tray.spendTodayUnpriced' : 'tray.spendToday', {
          amount: formatMoney(locale, state.todaySpendUsd),
          calls: state.todayCalls ?? 0,
          unpriced: state.todayUnpricedCalls,
        });
  const balance = state.lowestBalance
    ? t(state.lowestBalance.low ? 'tray.balanceLow' : 'tray.balance', {
        account: state.lowestBalance.account,
        amount: formatAmounts(locale, state.lowestBalance.amounts),
      })
    : t('tray.balanceNone');
  return [
    ...state.tools.map((tool) => toolSubmenu(tool, state.providers, t)),
    { kind: 'separator' },
    {
      kind: 'action',
      label: t(state.proxy.running ? 'tray.proxyOn' : 'tray.proxyOff', { port: state.proxy.port }),
      action: { type: 'toggleProxy' },
    },
    { kind: 'info', label: spend },
    { kind: 'action', label: balance, action: { type: 'openWindow', page: 'accounts' } },
    { kind: 'separator' },
    { kind: 'action', label: t('tray.open'), action: { type: 'openWindow' } },
    { kind: 'action', label: t('tray.quit'), action: { type: 'quit' } },
  ];
}
