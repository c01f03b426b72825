import type { Remedy } from '../../shared/remedy';
import { BridgeError } from '../bridge';
import { useI18n, type Translate } from '../i18n/I18nProvider';

/** The way out of an error in the window's own terms (the CLI names its flags instead). */
function remedyText(t: Translate, remedy: Remedy): string {
  switch (remedy.kind) {
    case 'proxy_mode':
      return t('remedy.proxy_mode', { mode: t('mode.proxy') });
    case 'fix_key':
      return t('remedy.fix_key', { provider: remedy.provider });
  }
}

/** The sentence the core produced (BridgeError.message) and its remedy, shown where the action was taken. */
export function ErrorNote({ error }: { error: Error | null | undefined }) {
  const { t } = useI18n();
  if (!error) return null;
  const remedy = error instanceof BridgeError && error.remedy ? remedyText(t, error.remedy) : null;
  return (
    <p className="error-note" role="alert">
      {error.message}
      {remedy && ` ${remedy}`}
    </p>
  );
}
