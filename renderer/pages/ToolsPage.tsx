import { LoadState } from '../components/LoadState';
import { ToolCard } from '../components/ToolCard';
import { useChannel } from '../hooks/useChannel';
import { useI18n } from '../i18n/I18nProvider';
import { hrefOf } from '../router';

export function ToolsPage() {
  const { t } = useI18n();
  const status = useChannel('clients.status', {});
  const providers = useChannel('providers.list', {});
  return (
    <LoadState state={providers}>
      {(list) =>
        list.length === 0 ? (
          <p className="muted">
            {t('tools.needProvider')} <a href={hrefOf('providers')}>{t('nav.providers')}</a>
          </p>
        ) : (
          <LoadState state={status}>
            {(clients) => (
              <div className="stack">
                {clients.map((c) => (
                  <ToolCard key={c.client} status={c} providers={list} onChanged={() => void status.reload()} />
                ))}
              </div>
            )}
          </LoadState>
        )
      }
    </LoadState>
  );
}
