import type { CallFailure, ProviderMishap, RouteRemedy } from '../../shared/callFailure';
import type { Translate } from '../i18n/I18nProvider';
import type { Locale } from '../i18n/locale';

/** Names in the chosen language's list: "a, b and c", "a、b 和 c". */
function listed(t: Translate, names: readonly string[]): string {
  if (names.length < 2) return names[0];
  return t('callFailure.list', { names: names.slice(0, -1).join(t('callFailure.list.separator')), last: names[names.length - 1] });
}

/** What went wrong at a provider (or several that failed alike), their names first; the gateway's own words as it sent them. */
export function providerMishapText(t: Translate, provider: string, mishap: ProviderMishap): string {
  switch (mishap.code) {
    case 'error_page': {
      const page = mishap.title ? t('callFailure.page.titled', { title: mishap.title }) : t('callFailure.page');
      return t(mishap.failing ? 'callFailure.mishap.error_page.failing' : 'callFailure.mishap.error_page.login', { provider, page });
    }
    case 'empty_error':
      return t('callFailure.mishap.empty_error', { provider, status: mishap.status });
    default: {
      const { code, ...figures } = mishap;
      return t(`callFailure.mishap.${code}`, { provider, ...figures });
    }
  }
}

function remedyText(t: Translate, remedy: RouteRemedy): string {
  switch (remedy.code) {
    case 'fix_key':
    case 'top_up':
    case 'check_reachable': {
      const count = remedy.providers.length === 1 ? 'one' : 'many';
      return t(`callFailure.remedy.${remedy.code}.${count}`, { providers: listed(t, remedy.providers), provider: remedy.providers[0] });
    }
    case 'allow_longer':
      return t('callFailure.remedy.allow_longer', { setting: remedy.setting });
    case 'wait':
      if (remedy.alreadySaid) return t('callFailure.remedy.wait.alreadySaid');
      return remedy.seconds ? t('callFailure.remedy.wait.seconds', { seconds: remedy.seconds }) : t('callFailure.remedy.wait.moment');
    case 'add_provider':
      return t(remedy.alreadySaid ? 'callFailure.remedy.add_provider.alreadySaid' : 'callFailure.remedy.add_provider', { provider: remedy.provider });
  }
}

/**
 * A failed call's sentence in the chosen language; the gateway's own words inside it stay as it sent
 * them. The command line and the tool read the same figures in English (shared/callFailureSentences.ts).
 */
export function callFailureText(t: Translate, locale: Locale, failure: CallFailure): string {
  switch (failure.code) {
    case 'answer_incomplete':
      return t('callFailure.incomplete', { what: providerMishapText(t, failure.provider, failure.mishap) });
    case 'model_unserved':
      return t('callFailure.model_unserved', { model: failure.model });
    case 'no_openai_provider':
      // Listed as the English sentence lists them: separated alike, without "and".
      return t('callFailure.no_openai_provider', { path: failure.path, providers: failure.providers.join(t('callFailure.list.separator')) });
    case 'internal':
      return t('callFailure.internal', { reason: failure.reason });
    case 'caller_left':
      return t('callFailure.caller_left');
    case 'route_failed':
      return routeFailureText(t, locale, failure);
  }
}

function routeFailureText(t: Translate, locale: Locale, failure: Extract<CallFailure, { code: 'route_failed' }>): string {
  const failures = failure.failures.map(({ providers, mishap }) => providerMishapText(t, listed(t, providers), mishap)).join(t('callFailure.separator'));
  const said = failure.everyProvider ? t('callFailure.everyProvider', { failures }) : failures;
  if (!failure.remedy) return said;
  const remedy = remedyText(t, failure.remedy);
  // After a finished sentence of the gateway's, ours starts a sentence of its own (with a capital where the language has them).
  return /[.!?。！？]$/.test(said) ? t('callFailure.withRemedy.afterSentence', { said, remedy: remedy.charAt(0).toLocaleUpperCase(locale) + remedy.slice(1) }) : t('callFailure.withRemedy', { said, remedy });
}
