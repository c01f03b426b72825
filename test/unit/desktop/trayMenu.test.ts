import { describe, expect, it } from 'vitest';
import { planTrayMenu, type TrayItem, type TrayState } from '../../../electron/trayMenu';
import { translate } from '../../../renderer/i18n/locale';

const state: TrayState = {
  locale: 'en',
  tools: [
    { client: 'claude', label: 'Claude Code', provider: 'gw', mode: 'direct', drift: false },
    { client: 'codex', label: 'Codex CLI', provider: null, mode: null, drift: false },
    { client: 'hermes', label: 'Hermes Agent', provider: 'gw2', mode: 'proxy', drift: true },
  ],
  providers: ['gw', 'gw2'],
  proxy: { running: true, port: 17170 },
  todaySpendUsd: 1.5,
  todayUnpricedCalls: 0,
  todayCalls: 12,
  lowestBalance: { account: 'acct', amounts: [{ remaining: 3.25, currency: 'USD' }], low: true },
  lowAccounts: [{ account: 'acct', amounts: [{ remaining: 3.25, currency: 'USD' }] }],
};

const plan = (s: TrayState) => planTrayMenu(s, (key, vars) => translate(s.locale, key, vars));
const labels = (items: TrayItem[]) => items.map((i) => (i.kind === 'separator' ? '---' : i.label));

describe('the tray menu', () => {
  it('lists each tool with its provider, then the proxy, spend, balance, open and quit', () => {
    expect(labels(plan(state))).toEqual([
      'Claude Code: gw',
      'Codex CLI: not set up',
      'Hermes Agent: gw2 (edited outside)',
      '---',
      'Proxy on, port 17170 (click to stop)',
      'Today: $1.50, 12 calls',
      'Low balance: acct $3.25',
      '---',
      'Open Switchboard',
      'Quit',
    ]);
  });

  it('offers every provider as a radio item per tool; picking one applies it in the tool\u2019s own mode', () => {
    const [claude, codex] = plan(state);
    expect(claude.kind).toBe('submenu');
    if (claude.kind !== 'submenu' || codex.kind !== 'submenu') return;
    expect(claude.items).toEqual([
      { kind: 'radio', label: 'gw', checked: true, action: { type: 'apply', client: 'claude', provider: 'gw', mode: 'direct' } },
      { kind: 'radio', label: 'gw2', checked: false, action: { type: 'apply', client: 'claude', provider: 'gw2', mode: 'direct' } },
    ]);
    // A tool never set up goes through the proxy, which speaks every protocol.
    expect(codex.items.every((i) => i.kind === 'radio' && !i.checked && i.action.type === 'apply' && i.action.mode === 'proxy')).toBe(true);
  });

  it('says what it does not know rather than showing zeros', () => {
    const items = plan({ ...state, providers: [], proxy: { running: false, port: 18000 }, todaySpendUsd: null, todayCalls: null, lowestBalance: null });
    expect(labels(items)).toContain('Proxy off (click to start on port 18000)');
    expect(labels(items)).toContain('Today: usage not available');
    expect(labels(items)).toContain('No account balance');
    const first = items[0];
    expect(first.kind === 'submenu' && first.items).toEqual([{ kind: 'info', label: 'No provider yet' }]);
  });

  it('says how many of today\u2019s calls the spend leaves out for want of a price', () => {
    expect(labels(plan({ ...state, todayUnpricedCalls: 3 }))).toContain('Today: $1.50 + 3 unpriced, 12 calls');
    expect(labels(plan({ ...state, locale: 'zh-CN', todayUnpricedCalls: 3 }))).toContainEqual(expect.stringMatching(/^今天：\S*1\.50 \+ 3 次未定价，12 次调用$/));
  });

  it('binds actions: proxy toggles, balance opens the accounts page, quit quits', () => {
    const actions = plan(state).flatMap((i) => (i.kind === 'action' ? [i.action] : []));
    expect(actions).toEqual([{ type: 'toggleProxy' }, { type: 'openWindow', page: 'accounts' }, { type: 'openWindow' }, { type: 'quit' }]);
  });

  it('speaks the chosen language', () => {
    const zh = labels(plan({ ...state, locale: 'zh-CN' }));
    expect(zh).toContain('退出');
    expect(zh).toContain('余额不足：acct US$3.25');
  });
});
