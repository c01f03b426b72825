import { useEffect } from 'react';
import { LoadState } from '../components/LoadState';
import { RouteEditor } from '../components/RouteEditor';
import { useChannel } from '../hooks/useChannel';
import { useNow } from '../hooks/useNow';
import { useI18n } from '../i18n/I18nProvider';
import { waitLeft } from '../lib/breakerWait';

export function RoutesPage() {
  const { t } = useI18n();
  const routes = useChannel('routes.list', {});
  const providers = useChannel('providers.list', {});
  const breakers = useChannel('breakers.list', {});
  const { reload, readAt } = breakers;
  // A skipped provider's wait counts down each second; when it ends, the breakers are read again (it is probing then).
  const list = breakers.data ?? [];
  const now = useNow(list.some((b) => b.retryInMs !== null) ? 1000 : null);
  const cooled = list.some((b) => waitLeft(b, readAt, now) === 0);
  useEffect(() => {
    if (cooled) void reload();
  }, [cooled, reload]);
  return (
    <div className="stack">
      <p className="muted">{t('routes.intro')}</p>
      <LoadState state={providers}>
        {(providerList) => (
          <LoadState state={routes}>
            {(routeList) => (
              <>
                {routeList.map((route) => (
                  <RouteEditor
                    key={`${route.client}:${route.providers.join(',')}`}
                    route={route}
                    providers={providerList.map((p) => p.name)}
                    breakers={list}
                    waitOf={(breaker) => waitLeft(breaker, readAt, now)}
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
