import { useState, type FormEvent } from 'react';
import type { AccountView } from '../../shared/accountsContract';
import { invoke } from '../bridge';
import { useAction } from '../hooks/useAction';
import { useI18n } from '../i18n/I18nProvider';
import { formatNumber } from '../i18n/format';
import { parseThreshold } from '../lib/forms';
import { BusyButton } from './BusyButton';
import { ErrorNote } from './ErrorNote';
import { Field } from './Field';

/** The low-balance field as typed (blank: none); what it means and what is wrong go below it, see ThresholdNotes. */
export function ThresholdInput({ value, invalid, onChange }: { value: string; invalid: boolean; onChange(value: string): void }) {
  const { t } = useI18n();
  return (
    <Field label={t('accounts.threshold')}>
      <input type="text" inputMode="decimal" value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={invalid} />
    </Field>
  );
}

/** Under the field: the unit it is in, and the sentence when what was typed is not a figure. */
export function ThresholdNotes({ invalid }: { invalid: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <p className="hint">{t('accounts.thresholdHint')}</p>
      {invalid && (
        <p className="error-note" role="alert">
          {t('accounts.badThreshold')}
        </p>
      )}
    </>
  );
}

/**
 * The balance below which an account is shown low (and the desktop app notifies), or none. What
 * the gateway reports is in its own currency, so the figure is too.
 */
export function LowBalanceWarning({ account, onSaved }: { account: AccountView; onSaved(): void }) {
  const { t, locale } = useI18n();
  const [text, setText] = useState(account.lowBalanceThreshold === null ? '' : String(account.lowBalanceThreshold));
  const [invalid, setInvalid] = useState(false);
  // The sentence about what was saved, until the next edit.
  const [saved, setSaved] = useState<string | null>(null);
  const save = useAction((threshold: number | null) => invoke('accounts.setThreshold', { name: account.name, threshold }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const threshold = parseThreshold(text);
    setInvalid(threshold === null);
    if (threshold === null) return;
    const updated = await save.run(threshold ?? null);
    if (!updated) return;
    const now = updated.lowBalanceThreshold;
    setSaved(now === null ? t('accounts.thresholdOff', { account: account.name }) : t('accounts.thresholdSaved', { account: account.name, threshold: formatNumber(locale, now, 6) }));
    onSaved();
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t('accounts.thresholdFor', { account: account.name })}>
      <div className="toolbar">
        <ThresholdInput
          value={text}
          invalid={invalid}
          onChange={(value) => {
            setText(value);
            setInvalid(false);
            setSaved(null);
          }}
        />
        <BusyButton type="submit" busy={save.busy}>
          {t('common.save')}
        </BusyButton>
      </div>
      <ThresholdNotes invalid={invalid} />
      <ErrorNote error={save.error} />
      {saved && (
        <p className="success" role="status">
          {saved}
        </p>
      )}
    </form>
  );
}
