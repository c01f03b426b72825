// Why a backup was taken, in English, as the command line prints it (table and --json) and as the
// store keeps it beside the code. The dashboard words the same figures through its catalogue.
import type { BackupReason, BackupView } from './schemas';

export function backupReasonSentence(reason: BackupReason | string): string {
  if (typeof reason === 'string') return reason;
  switch (reason.code) {
    case 'use':
      return `before using ${reason.provider} (${reason.mode})`;
    case 'restore':
      return `before restoring backup #${reason.backupId}`;
    case 'rotate_token':
      return 'before rotating the local token';
  }
}

/** The backups as `restore --list --json` prints them: each reason as its English sentence. */
export function backupsInEnglish(backups: BackupView[]) {
  return backups.map((b) => ({ ...b, reason: backupReasonSentence(b.reason) }));
}
