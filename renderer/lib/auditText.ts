import type { AuditNote, AuditReport } from '../../shared/accountsContract';
import type { Translate } from '../i18n/I18nProvider';
import { formatCost, formatNumber } from '../i18n/format';
import type { Locale } from '../i18n/locale';

/** A note of the audit in the chosen language: its figures as that language writes numbers and dollars. */
export function auditNoteText(t: Translate, locale: Locale, note: AuditNote): string {
  const { code, ...figures } = note;
  const vars = Object.fromEntries(
    Object.entries(figures).map(([name, value]) => [name, typeof value !== 'number' ? value : name.endsWith('Usd') ? formatCost(locale, value) : formatNumber(locale, value)]),
  );
  return t(`auditNote.${code}`, vars);
}

/** Why the report leaves calls out, naming each list the audit read only in part, in one sentence. */
export function auditUnreadText(t: Translate, locale: Locale, { logs, ledger }: NonNullable<AuditReport['incomplete']>): string {
  const n = (value: number) => formatNumber(locale, value);
  const cuts = [
    ...(logs ? [logs.total === null ? t('audit.unread.logsUncounted', { read: n(logs.read) }) : t('audit.unread.logs', { read: n(logs.read), total: n(logs.total) })] : []),
    ...ledger.map(({ provider, read, total }) => t('audit.unread.ledger', { provider, read: n(read), total: n(total) })),
  ];
  const text = t('audit.unread', { cuts: cuts.join(t('audit.unread.separator')) });
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}
