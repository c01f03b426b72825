import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';

/** A value to paste elsewhere, with a copy button that says when it worked. */
export function CopyField({ label, value, multiline = false }: { label: string; value: string; multiline?: boolean }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // Clipboard access can be refused; the value stays selectable by hand.
    }
  };
  return (
    <div className="copy-field">
      <span className="copy-label">{label}</span>
      {multiline ? <pre className="copy-value">{value}</pre> : <code className="copy-value">{value}</code>}
      <button type="button" className="small" onClick={copy} aria-label={t('common.copyNamed', { name: label })}>
        {copied ? t('common.copied') : t('common.copy')}
      </button>
    </div>
  );
}
