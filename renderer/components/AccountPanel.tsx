import { useId, useState, type KeyboardEvent } from 'react';
import type { AccountView } from '../../shared/accountsContract';
import { invoke } from '../bridge';
import { useAction } from '../hooks/useAction';
import { useChannel } from '../hooks/useChannel';
import { useI18n } from '../i18n/I18nProvider';
import { heldAmounts } from '../../shared/heldAmounts';
import { formatAmounts, formatDateTime, formatMoney } from '../i18n/format';
import { AuditPanel } from './AuditPanel';
import { Badge } from './Badge';
import { Card } from './Card';
import { ConfirmButton } from './ConfirmButton';
import { ErrorNote, errorText } from './ErrorNote';
import { GatewayLogs } from './GatewayLogs';
import { KeysPanel } from './KeysPanel';
import { LoadState } from './LoadState';
import { LowBadge } from './LowBadge';
import { LowBalanceWarning } from './LowBalanceWarning';

const TABS = ['keys', 'logs', 'audit'] as const;
type Tab = (typeof TABS)[number];

/** One gateway account: balance at the top, then its keys, the gateway's logs and the billing audit. */
export function AccountPanel({ account, onRemoved }: { account: AccountView; onRemoved(): void }) {
  const { t, locale } = useI18n();
  const [tab, setTab] = useState<Tab>('keys');
  const balance = useChannel('accounts.balance', { name: account.name });
  const remove = useAction(async () => {
    await invoke('accounts.remove', { name: account.name });
    onRemoved();
  });
  const keyOnly = account.auth === 'key';
  const ids = useId();
  /** The tab list's keys: arrows move between tabs (and select), Home and End go to the ends; Tab leaves for the panel. */
  const moveBetweenTabs = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = TABS.indexOf(tab);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: TABS.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = TABS[(to + TABS.length) % TABS.length];
    setTab(next);
    document.getElementById(`${ids}-tab-${next}`)?.focus();
  };
  return (
    <Card
      title={account.name}
      testId={`account-${account.name}`}
      actions={
        <>
          <Badge tone="muted">{account.kind}</Badge>
          <ConfirmButton label={t('common.remove')} confirmLabel={t('accounts.confirmRemove')} busy={remove.busy} onConfirm={() => void remove.run()} />
        </>
      }
    >
      <p className="muted small-text">
        <code>{account.baseUrl}</code> · {account.username ?? account.credential}
      </p>
      <LoadState state={balance}>
        {({ balances, failures }) => (
          <>
            {balances.map((b) => (
              <div key={b.account} className="stats">
                <div>
                  <strong>{b.unlimited ? t('accounts.unlimited') : formatAmounts(locale, heldAmounts(b))}</strong>
                  <span>
                    {t('accounts.balance')} <LowBadge balance={b} />
                  </span>
                </div>
                <div>
                  <strong>{formatMoney(locale, b.used, b.currency)}</strong>
                  <span>{t('accounts.used')}</span>
                </div>
                <div>
                  <strong className="small-text">{formatDateTime(locale, b.readAt)}</strong>
                  <span>{t('accounts.readAt')}</span>
                </div>
              </div>
            ))}
            {balances.filter((b) => b.cannotPay).map((b) => (
              <p key={`${b.account}-cannot-pay`} className="error-note" data-testid="cannot-pay">
                {t('accounts.cannotPayWhy')}
              </p>
            ))}
            {failures.map((f) => (
              <p key={f.account} className="error-note">
                {errorText(t, f.message, f.remedy)}
              </p>
            ))}
          </>
        )}
      </LoadState>
      <LowBalanceWarning account={account} onSaved={() => void balance.reload()} />
      <ErrorNote error={remove.error} />
      {!keyOnly && (
        <>
          <div className="tabs" role="tablist" aria-label={account.name} onKeyDown={moveBetweenTabs}>
            {TABS.map((id) => (
              <button
                key={id}
                id={`${ids}-tab-${id}`}
                type="button"
                role="tab"
                aria-selected={tab === id}
                aria-controls={`${ids}-panel`}
                tabIndex={tab === id ? 0 : -1}
                className={tab === id ? 'active' : undefined}
                onClick={() => setTab(id)}
              >
                {t(`accounts.tab.${id}`)}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`${ids}-panel`} aria-labelledby={`${ids}-tab-${tab}`}>
            {tab === 'keys' && <KeysPanel account={account} />}
            {tab === 'logs' && <GatewayLogs account={account.name} />}
            {tab === 'audit' && <AuditPanel account={account.name} />}
          </div>
        </>
      )}
    </Card>
  );
}
