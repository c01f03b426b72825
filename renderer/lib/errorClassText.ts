import type { MessageKey } from '../i18n/en';
import type { Translate } from '../i18n/I18nProvider';

/** Why the proxy says a call failed (electron/core/proxy/retryRules.ts and the forwarder's own classes), in words. */
const WORDS: Record<string, MessageKey> = {
  connection: 'errorClass.connection',
  timeout: 'errorClass.timeout',
  auth: 'errorClass.auth',
  quota: 'errorClass.quota',
  rate_limit: 'errorClass.rate_limit',
  server: 'errorClass.server',
  bad_reply: 'errorClass.bad_reply',
  stream: 'errorClass.stream',
  request: 'errorClass.request',
  context_overflow: 'errorClass.context_overflow',
  no_provider: 'errorClass.no_provider',
  internal: 'errorClass.internal',
};

/** A failed call's class in the chosen language; a class the window does not know shows as the ledger keeps it. */
export function errorClassText(t: Translate, errorClass: string): string {
  const key = Object.hasOwn(WORDS, errorClass) ? WORDS[errorClass] : undefined;
  return key ? t(key) : errorClass;
}
