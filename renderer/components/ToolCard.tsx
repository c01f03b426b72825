import { useState } from 'react';
import type { ApplyResult, ClientStatus, Mode, ProviderView } from '../../shared/schemas';
import { invoke } from '../bridge';
import { useAction } from '../hooks/useAction';
import { useI18n } from '../i18n/I18nProvider';
import { initialToolProvider } from '../lib/toolProvider';
import { Badge } from './Badge';
import { BackupList } from './BackupList';
import { BusyButton } from './BusyButton';
import { Card } from './Card';
import { DiffView } from './DiffView';
import { ErrorNote } from './ErrorNote';
import { Field } from './Field';

/** One tool: where it points now, and a one-click switch with the diff shown first. */
export function ToolCard({ status, providers, onChanged }: { status: ClientStatus; providers: ProviderView[]; onChanged(): void }) {
  const { t } = useI18n();
  const [provider, setProvider] = useState(() => initialToolProvider(status, providers));
  const [mode, setMode] = useState<Mode>(status.applied?.mode ?? 'proxy');
  const [model, setModel] = useState(status.applied?.model ?? '');
  const [preview, setPreview] = useState<ApplyResult | null>(null);
  const [applied, setApplied] = useState<string | null>(null);
  const input = { client: status.client, provider, mode, model: model || undefined };
  const dryRun = useAction(async () => {
    setApplied(null);
    setPreview(await invoke('clients.apply', { ...input, dryRun: true }));
  });
  const apply = useAction(async () => {
    const result = await invoke('clients.apply', input);
    setPreview(null);
    setApplied(result.check ?? t('tools.applied', { provider: result.provider }));
    onChanged();
  });
  /** A new choice makes the last error, preview and confirmation stale: they were about the old one. */
  const choose = (change: () => void) => {
    change();
    dryRun.clearError();
    apply.clearError();
    setPreview(null);
    setApplied(null);
  };
  /** A restore undoes the last switch: its confirmation (or preview) would now say the opposite of the files. */
  const restored = (backupId: number) => {
    setPreview(null);
    setApplied(t('tools.restored', { id: backupId }));
    onChanged();
  };
  const models = providers.find((p) => p.name === provider)?.models ?? [];
  const listId = `models-${status.client}`;
  return (
    <Card
      title={status.label}
      testId={`tool-${status.client}`}
      actions={
        <>
          {status.applied ? <Badge tone="ok">{status.provider ?? '–'}</Badge> : <Badge tone="muted">{t('home.notSet')}</Badge>}
          {!status.installed && <Badge tone="muted">{t('home.notInstalled')}</Badge>}
        </>
      }
    >
      <p className="muted small-text">
        {t('tools.pointsAt')} <code>{status.current.baseUrl ?? '–'}</code> · <code>{status.configDir}</code>
      </p>
      {status.applied?.mode === 'proxy' && status.route.length > 0 && (
        <p className="small-text" data-testid={`route-${status.client}`}>
          {t('tools.route', { chain: status.route.join(' → ') })}
        </p>
      )}
      {status.error && <p className="error-note">{status.error}</p>}
      {status.drift.length > 0 && (
        <div className="warning" role="status">
          {t('tools.drift')}
          <ul>
            {status.drift.map((d) => (
              <li key={`${d.file}:${d.key}`}>
                <code>{d.key}</code>: {d.expected} → {d.actual}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="row together">
        <Field label={t('common.provider')}>
          <select value={provider} onChange={(e) => choose(() => setProvider(e.target.value))} aria-label={t('tools.providerFor', { tool: status.label })}>
            {providers.map((p) => (
              <option key={p.id} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('common.mode')}>
          <select value={mode} onChange={(e) => choose(() => setMode(e.target.value as Mode))}>
            <option value="proxy">{t('mode.proxy')}</option>
            <option value="direct">{t('mode.direct')}</option>
          </select>
        </Field>
        <Field label={t('common.model')}>
          <input list={listId} value={model} onChange={(e) => choose(() => setModel(e.target.value))} placeholder={t('tools.modelDefault')} />
          <datalist id={listId}>
            {models.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </Field>
      </div>
      <div className="buttons">
        <BusyButton type="button" busy={dryRun.busy} disabled={!provider} onClick={() => void dryRun.run()}>
          {t('tools.preview')}
        </BusyButton>
        <BusyButton type="button" className="primary" busy={apply.busy} disabled={!provider} onClick={() => void apply.run()}>
          {t('tools.apply')}
        </BusyButton>
      </div>
      <ErrorNote error={dryRun.error ?? apply.error} />
      {applied && (
        <p className="success" role="status">
          {applied}
        </p>
      )}
      {preview && <DiffView files={preview.files} />}
      <BackupList key={applied ?? ''} client={status.client} onRestored={restored} />
    </Card>
  );
}
