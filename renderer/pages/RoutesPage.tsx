import { LoadState } from '../components/LoadState';
import { RouteEditor } from '../components/RouteEditor';
import { useChannel } from '../hooks/useChannel';
import { useI18n } from '../i18n/I18nProvider';

export function RoutesPage() {
  const { t } = useI18n();
  const routes = useChannel('routes.list', {});
  const providers = useChannel('providers.list', {});
  const breakers = useChannel('breakers.list', {});
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
