import { AccountForm } from '../components/AccountForm';
import { AccountPanel } from '../components/AccountPanel';
import { Card } from '../components/Card';
import { LoadState } from '../components/LoadState';
import { useChannel } from '../hooks/useChannel';
import { useI18n } from '../i18n/I18nProvider';

export function AccountsPage() {
  const { t } = useI18n();
  const accounts = useChannel('accounts.list', {});
  return (
    <div className="stack">
      <LoadState state={accounts}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{t('accounts.none')}</p>
          ) : (
            <>
              {list.map((a) => (
                <AccountPanel key={a.id} account={a} onRemoved={() => void accounts.reload()} />
              ))}
            </>
          )
        }
      </LoadState>
      <Card title={t('accounts.add')}>
        <AccountForm onAdded={() => void accounts.reload()} />
      </Card>
    </div>
  );
}
