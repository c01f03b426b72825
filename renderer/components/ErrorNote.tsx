import type { Remedy } from '../../shared/remedy';
import { BridgeError, UNREACHABLE } from '../bridge';
import { useI18n, type Translate } from '../i18n/I18nProvider';

/** The way out of an error in the window's own terms (the CLI names its flags instead). */
function remedyText(t: Translate, remedy: Remedy): string {
  switch (remedy.kind) {
    case 'proxy_mode':
      return t('remedy.proxy_mode', { mode: t('mode.proxy') });
    case 'fix_key':
      return t('remedy.fix_key', { provider: remedy.provider });
    case 'sign_in':
      return t(`remedy.sign_in.${remedy.credential}`, { page: t('nav.accounts'), form: t('accounts.add'), field: t('accounts.otp') });
    case 'credential_apart':
      return t(`remedy.credential_apart.${remedy.credential}`, { key: t('providers.key'), newKey: t('providers.newKey'), username: t('accounts.username'), password: t('accounts.password'), token: t('accounts.accessToken') });
    case 'check_address':
      return t(`remedy.check_address.${remedy.of}`, { provider: remedy.name, page: t('nav.providers'), edit: t('common.edit'), field: t(remedy.of === 'provider' ? 'providers.baseUrl' : 'accounts.siteUrl') });
    case 'give_user_id':
      return t('remedy.give_user_id', { field: t('accounts.userId') });
    case 'set_prices_by_hand':
      return t('remedy.set_prices_by_hand', { form: t('prices.setTitle') });
  }
}

/** The core's sentence followed by its remedy in the window's terms. */
export const errorText = (t: Translate, message: string, remedy: Remedy | undefined): string => (remedy ? `${message} ${remedyText(t, remedy)}` : message);

/** The sentence the core produced (BridgeError.message) and its remedy, shown where the action was taken. */
export function ErrorNote({ error }: { error: Error | null | undefined }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p className="error-note" role="alert">
      {error instanceof BridgeError && error.code === UNREACHABLE
        ? t('common.unreachable', { address: window.location.origin })
        : errorText(t, error.message, error instanceof BridgeError ? error.remedy : undefined)}
    </p>
  );
}
