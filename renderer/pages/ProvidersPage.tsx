import { AddProviderForm } from '../components/AddProviderForm';
import { Card } from '../components/Card';
import { ImportFromTools } from '../components/ImportFromTools';
import { LoadState } from '../components/LoadState';
import { PricesPanel } from '../components/PricesPanel';
import { ProviderRow } from '../components/ProviderRow';
import { useChannel } from '../hooks/useChannel';
import { useI18n } from '../i18n/I18nProvider';

export function ProvidersPage() {
  const { t } = useI18n();
  const providers = useChannel('providers.list', {});
  const presets = useChannel('presets.list', {});
  return (
    <div className="stack">
      <Card title={t('providers.list')} testId="providers-list">
        <LoadState state={providers}>
          {(list) =>
            list.length === 0 ? (
              <p className="muted">{t('providers.none')}</p>
            ) : (
              <ul className="items">
                {list.map((p) => (
                  <ProviderRow key={p.id} provider={p} onChanged={() => void providers.reload()} />
                ))}
              </ul>
            )
          }
        </LoadState>
      </Card>
      <ImportFromTools onImported={() => void providers.reload()} />
      <Card title={t('providers.add')}>
        <LoadState state={presets}>{(list) => <AddProviderForm presets={list} onAdded={() => void providers.reload()} />}</LoadState>
      </Card>
      {/* Prices belong to providers (like the group ratio), so they are kept here rather than under Usage. */}
      {providers.data && <PricesPanel providers={providers.data.map((p) => p.name)} onProvidersChanged={() => void providers.reload()} />}
    </div>
  );
}
