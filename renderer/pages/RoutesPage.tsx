import { useEffect } from 'react';
import { LoadState } from '../components/LoadState';
import { RouteEditor } from '../components/RouteEditor';
import { useChannel } from '../hooks/useChannel';
import { useNow } from '../hooks/useNow';
import { useI18n } from '../i18n/I18nProvider';

export function RoutesPage() {
  const { t } = useI18n();
  const routes = useChannel('routes.list', {});
  const providers = useChannel('providers.list', {});
  const breakers = useChannel('breakers.list', {});
  // A skipped provider's wait counts down each second; when it ends, the breakers are read again (it is probing then).
  const cooling = (breakers.data ?? []).filter((b) => b.state === 'open' && b.retryAt !== null);
  const now = useNow(cooling.length ? 1000 : null);
  const cooled = cooling.some((b) => b.retryAt! <= now);
  const { reload } = breakers;
  useEffect(() => {
    if (cooled) void reload();
  }, [cooled, now, reload]);
  return (
    <div className="stack">
      <p className="muted">{t('routes.intro')}</p>
      <LoadState state={providers}>
        {(providerList) => (
          <LoadState state={routes}>
            {(list) => (
              <>
                {list.map((route) => (
                  <RouteEditor
                    key={`${route.client}:${route.providers.join(',')}`}
                    route={route}
                    providers={providerList.map((p) => p.name)}
                    breakers={breakers.data ?? []}
                    now={now}
                    onSaved={() => void breakers.reload()}
                  />
                ))}
              </>
            )}
          </LoadState>
        )}
      </LoadState>
    </div>
  );
}
