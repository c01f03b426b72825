import type { ButtonHTMLAttributes } from 'react';
import { useI18n } from '../i18n/I18nProvider';

interface BusyButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  busy: boolean;
}

/**
 * A button for a long operation: unusable while it runs, saying so. While busy it is
 * aria-disabled rather than disabled, so the keyboard focus stays on it: a disabled button drops
 * the focus to the page's start, and the next Tab began again at the top of the window.
 */
export function BusyButton({ busy, children, disabled, className, onClick, ...rest }: BusyButtonProps) {
  const { t } = useI18n();
  return (
    <button
      {...rest}
      className={className}
      disabled={disabled}
      aria-disabled={busy || undefined}
      aria-busy={busy}
      onClick={(e) => {
        // Also stops a submit button (or Enter in its form) from sending the form a second time.
        if (busy) e.preventDefault();
        else onClick?.(e);
      }}
    >
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
