import type { ButtonHTMLAttributes } from 'react';
import { useI18n } from '../i18n/I18nProvider';

interface BusyButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  busy: boolean;
}

/** A button for a long operation: disabled while it runs, saying so. */
export function BusyButton({ busy, children, disabled, className, ...rest }: BusyButtonProps) {
  const { t } = useI18n();
  return (
    <button {...rest} className={className} disabled={busy || disabled} aria-busy={busy}>
      {busy ? (
        <>
          <span className="spinner" aria-hidden="true" /> {t('common.working')}
        </>
      ) : (
        children
      )}
    </button>
  );
}
