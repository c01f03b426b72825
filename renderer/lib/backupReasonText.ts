import type { BackupReason } from '../../shared/schemas';
import type { Translate } from '../i18n/I18nProvider';

/**
 * Why a backup was taken, in the chosen language. A backup taken before reasons were codes kept only
 * its English sentence, which is shown as it was stored.
 */
export function backupReasonText(t: Translate, reason: BackupReason | string): string {
  if (typeof reason === 'string') return reason;
  switch (reason.code) {
    case 'use':
      return t(`backupReason.use.${reason.mode}`, { provider: reason.provider });
    case 'restore':
      return t('backupReason.restore', { backupId: reason.backupId });
    case 'rotate_token':
      return t('backupReason.rotate_token');
  }
}
