import { useEffect } from 'react';
import { LoadState } from '../components/LoadState';
import { RouteEditor } from '../components/RouteEditor';
import { useChannel } from '../hooks/useChannel';
import { useNow } from '../hooks/useNow';
import { useWhileVisible } from '../hooks/useWhileVisible';
import { useI18n } from '../i18n/I18nProvider';
import { sameBreakers, waitLeft } from '../lib/breakerWait';

/**
 * How often the page reads the breakers again while it is shown: calls made elsewhere (the user's
 * tools, all the time) trip and close them, and a failover should show while it happens.
 */
const BREAKERS_EVERY_MS = 3000;

export function RoutesPage() {
  const { t } = useI18n();
  const routes = useChannel('routes.list', {});
  const providers = useChannel('providers.list', {});
  const breakers = useChannel('breakers.list', {}, sameBreakers);
  const { refresh, readAt } = breakers;
  useWhileVisible(refresh, BREAKERS_EVERY_MS);
  // A skipped provider's wait counts down each second; when it ends, the breakers are read again (it is probing then).
  const list = breakers.data ?? [];
  const now = useNow(list.some((b) => b.retryInMs !== null) ? 1000 : null);
  const cooled = list.some((b) => waitLeft(b, readAt, now) === 0);
  useEffect(() => {
    if (cooled) void refresh();
  }, [cooled, refresh]);
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
