import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { BusyButton } from './BusyButton';

/**
 * A destructive action asks once more in place instead of opening a dialog. `onAsk` runs as it asks,
 * and `note`, when there is one, says beside the question what the action will not do.
 */
export function ConfirmButton({
  label,
  confirmLabel,
  busy,
  onConfirm,
  onAsk,
  note,
}: {
  label: string;
  confirmLabel: string;
  busy: boolean;
  onConfirm(): void;
  onAsk?(): void;
  note?: string | null;
}) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button
        type="button"
        className="small danger"
        onClick={() => {
          setAsking(true);
          onAsk?.();
        }}
      >
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
      {note && <span role="note">{note}</span>}
    </span>
  );
}
