import { useState } from 'react';
import type { ProviderTestResult, ProviderView } from '../../shared/schemas';
import { invoke } from '../bridge';
import { useAction } from '../hooks/useAction';
import { useI18n } from '../i18n/I18nProvider';
import { formatMs } from '../i18n/format';
import { Badge } from './Badge';
import { BusyButton } from './BusyButton';
import { ConfirmButton } from './ConfirmButton';
import { EnableProvider } from './EnableProvider';
import { ErrorNote, errorText } from './ErrorNote';
import { ProviderEditor } from './ProviderEditor';

/** One provider: its endpoints, a latency test that also lists the gateway's models, edit and remove. */
export function ProviderRow({ provider, onChanged }: { provider: ProviderView; onChanged(): void }) {
  const { t, locale } = useI18n();
  const [editing, setEditing] = useState(false);
  const [enabling, setEnabling] = useState(false);
  const [test, setTest] = useState<ProviderTestResult | null>(null);
  const runTest = useAction(async () => setTest(await invoke('providers.test', { name: provider.name })));
  const saveModels = useAction(async (models: string[]) => {
    await invoke('providers.update', { name: provider.name, models });
    onChanged();
  });
  const remove = useAction(async () => {
    await invoke('providers.remove', { name: provider.name, force: true });
    onChanged();
  });
  const fetchedNew = test?.models.filter((m) => !provider.models.includes(m)) ?? [];
  return (
    <li className="item" data-testid={`provider-${provider.name}`}>
      <div className="item-head">
        <strong>{provider.name}</strong>
        {provider.preset && <Badge tone="muted">{provider.preset}</Badge>}
        {provider.protocols.map((p) => (
          <Badge key={p} tone="ok">
            {t(`protocol.${p}`)}
          </Badge>
        ))}
        {/* One group, wrapping as a whole: split, "Edit" and "Remove" sat on a line of their own under the badges. */}
        <span className="item-actions">
          <button type="button" className="small primary" aria-expanded={enabling} onClick={() => setEnabling(!enabling)}>
            {t('enable.button')}
          </button>
          <BusyButton type="button" className="small" busy={runTest.busy} onClick={() => void runTest.run()}>
            {t('providers.test')}
          </BusyButton>
          <button type="button" className="small" onClick={() => setEditing(!editing)}>
            {t('common.edit')}
          </button>
          <ConfirmButton label={t('common.remove')} confirmLabel={t('providers.confirmRemove')} busy={remove.busy} onConfirm={() => void remove.run()} />
        </span>
      </div>
      <div className="item-body">
        <code>{provider.baseUrl}</code> · {t('providers.keyCount', { count: provider.keys.length })} · {provider.keys[0] ?? ''}
        {provider.models.length > 0 && <div className="muted small-text">{provider.models.join(', ')}</div>}
      </div>
      {test && (
        <div className={`test-result ${test.ok ? 'ok' : 'bad'}`} role="status">
          {test.ok ? t('providers.testOk', { latency: formatMs(locale, test.latencyMs), count: test.models.length }) : errorText(t, test.message, test.remedy)}
          {fetchedNew.length > 0 && (
            <BusyButton type="button" className="small" busy={saveModels.busy} onClick={() => void saveModels.run([...provider.models, ...fetchedNew])}>
              {t('providers.saveModels', { count: fetchedNew.length })}
            </BusyButton>
          )}
        </div>
      )}
      <ErrorNote error={runTest.error ?? saveModels.error ?? remove.error} />
      {enabling && <EnableProvider provider={provider.name} onDone={onChanged} />}
      {editing && (
        <ProviderEditor
          provider={provider}
          onDone={() => {
            setEditing(false);
            onChanged();
          }}
        />
      )}
    </li>
  );
}
