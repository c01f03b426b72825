import type { ImportCandidate } from '../../shared/importContract';
import { invoke } from '../bridge';
import { useAction } from '../hooks/useAction';
import { useChannel } from '../hooks/useChannel';
import { useI18n } from '../i18n/I18nProvider';
import { BusyButton } from './BusyButton';
import { Card } from './Card';
import { ErrorNote } from './ErrorNote';

/** One tool's own gateway setting, shown (key masked) with a one-click import. */
function CandidateRow({ candidate, onImported }: { candidate: ImportCandidate; onImported(): void }) {
  const { t } = useI18n();
  const save = useAction(async () => {
    await invoke('providers.import', { client: candidate.client });
    onImported();
  });
  return (
    <li className="item" data-testid={`import-${candidate.client}`}>
      <div className="item-head">
        <strong>{candidate.label}</strong>
        <span className="spacer" />
        {candidate.existing ? (
          <span className="muted">{t('imports.already', { provider: candidate.existing })}</span>
        ) : (
          <BusyButton type="button" className="small primary" busy={save.busy} onClick={() => void save.run()}>
            {t('imports.import', { name: candidate.name })}
          </BusyButton>
        )}
      </div>
      <div className="item-body">
        <code>{candidate.baseUrl}</code> · {t('imports.key')} <code className="masked-key">{candidate.key}</code> · {t(`protocol.${candidate.protocol}`)}
        {candidate.model && <> · {candidate.model}</>}
        <div className="muted small-text">{candidate.file}</div>
      </div>
      <ErrorNote error={save.error} />
    </li>
  );
}

/** The gateways Claude Code, Codex and Hermes are already set up for (by hand or CC Switch), as providers in one click. */
export function ImportFromTools({ onImported }: { onImported(): void }) {
  const { t } = useI18n();
  const found = useChannel('providers.importScan', {});
  if (!found.data || (!found.data.found.length && !found.data.unreadable.length)) return null;
  return (
    <Card title={t('imports.title')} testId="import-from-tools">
      <p className="muted small-text">{t('imports.hint')}</p>
      {found.data.unreadable.map((u) => (
        <p key={u.client} className="muted small-text" data-testid={`import-unreadable-${u.client}`}>
          {t('imports.unreadable', { tool: u.label, message: u.message })}
        </p>
      ))}
      <ul className="items">
        {found.data.found.map((c) => (
          <CandidateRow
            key={c.client}
            candidate={c}
            onImported={() => {
              void found.reload();
              onImported();
            }}
          />
        ))}
      </ul>
    </Card>
  );
}
