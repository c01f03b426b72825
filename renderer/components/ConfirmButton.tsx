import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { BusyButton } from './BusyButton';

/** A destructive action asks once more in place instead of opening a dialog. */
export function ConfirmButton({ label, confirmLabel, busy, onConfirm }: { label: string; confirmLabel: string; busy: boolean; onConfirm(): void }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="small danger" onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm">
      <BusyButton
        type="button"
        className="small danger"
        busy={busy}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </BusyButton>
      <button type="button" className="small" onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </button>
    </span>
  );
}
