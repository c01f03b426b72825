import type { BreakerState } from '../../shared/schemas';
import type { Translate } from '../i18n/I18nProvider';
import { providerMishapText } from './callFailureText';

/** A wait rounded up to the unit that says it shortly: "25 s", "4 min", "2 h". */
function waitText(t: Translate, ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return t('breaker.wait.seconds', { count: seconds });
  if (seconds < 3600) return t('breaker.wait.minutes', { count: Math.ceil(seconds / 60) });
  return t('breaker.wait.hours', { count: Math.ceil(seconds / 3600) });
}

/**
 * Why a skipped or probing provider is out of its route, and when it is tried again (in `wait` ms, see
 * waitLeft; on the next call when that is 0 or null), in the chosen language; null for a healthy one. A
 * state kept by an older version has the English sentence only, which is shown as it was kept.
 */
export function breakerText(t: Translate, breaker: BreakerState, wait: number | null): string | null {
  if (breaker.state === 'closed') return null;
  const reason = breaker.lastMishap ? providerMishapText(t, breaker.provider, breaker.lastMishap) : breaker.lastError;
  const when = wait ? t('breaker.retryIn', { wait: waitText(t, wait) }) : t('breaker.nextCall');
  return reason ? t('breaker.why', { reason, when }) : when;
}
