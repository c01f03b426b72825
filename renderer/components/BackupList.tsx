import { useState } from 'react';
import type { BackupView, ToolClient } from '../../shared/schemas';
import { invoke } from '../bridge';
import { useAction } from '../hooks/useAction';
import { useChannel } from '../hooks/useChannel';
import { useI18n } from '../i18n/I18nProvider';
import { backupReasonText } from '../lib/backupReasonText';
import { formatDateTime } from '../i18n/format';
import { ConfirmButton } from './ConfirmButton';
import { ErrorNote } from './ErrorNote';
import { LoadState } from './LoadState';

const fileName = (file: string) => file.split(/[\\/]/).pop();

/** The names of the files this backup holds as they were before Switchboard first changed them. */
const originalNames = (b: BackupView) =>
  b.files
    .filter((f) => f.original)
    .map((f) => fileName(f.path))
    .join(', ');

/** A tool's backups, newest first; restoring one puts its files back as they were. */
export function BackupList({ client, onRestored }: { client: ToolClient; onRestored(backupId: number): void }) {
  const { t, locale } = useI18n();
  const backups = useChannel('clients.backups', { client });
  const restore = useAction(async (backupId: number) => {
    await invoke('clients.restore', { client, backupId });
    await backups.reload();
    onRestored(backupId);
  });
  // Asked before the restore writes: the tool's files the backup does not hold, which it leaves as they are.
  const [untouched, setUntouched] = useState<{ backupId: number; files: string[] } | null>(null);
  const plan = useAction(async (backupId: number) => {
    setUntouched(null);
    const planned = await invoke('clients.restore', { client, backupId, dryRun: true });
    setUntouched({ backupId, files: planned.untouched });
  });
  const leavesNote = (backupId: number) =>
    untouched?.backupId === backupId && untouched.files.length
      ? t('tools.restoreLeaves', { id: backupId, files: untouched.files.map(fileName).join(', '), count: untouched.files.length })
      : null;
  return (
    <details className="backups">
      <summary>{t('tools.backups')}</summary>
      <LoadState state={backups}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{t('tools.noBackups')}</p>
          ) : (
            <ul className="plain">
              {list.map((b) => {
                const originals = originalNames(b);
                return (
                  <li key={b.id} data-testid={`backup-${b.id}`}>
                    <code>{t('tools.backupId', { id: b.id })}</code> · {formatDateTime(locale, b.createdAt)} · {backupReasonText(t, b.reason)} · {t('tools.fileCount', { count: b.files.length })}
                    {originals && <strong> · {t('tools.originalBackup', { files: originals })}</strong>}{' '}
                    <ConfirmButton
                      label={t('tools.restore')}
                      confirmLabel={t('tools.confirmRestore')}
                      busy={restore.busy || plan.busy}
                      onConfirm={() => void restore.run(b.id)}
                      onAsk={() => void plan.run(b.id)}
                      note={leavesNote(b.id)}
                    />
                  </li>
                );
              })}
            </ul>
          )
        }
      </LoadState>
      <ErrorNote error={restore.error ?? plan.error} />
    </details>
  );
}
