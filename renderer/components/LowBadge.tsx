import type { Balance } from '../../shared/accountsContract';
import { lowCurrencies } from '../../shared/heldAmounts';
import { useI18n } from '../i18n/I18nProvider';
import { Badge } from './Badge';

/**
 * "cannot pay" when the gateway says the balance cannot pay for calls; "low" for an account below its
 * threshold; "USD low" for a currency that is while another still has money.
 */
export function LowBadge({ balance }: { balance: Balance }) {
  const { t } = useI18n();
  if (balance.cannotPay) return <Badge tone="bad">{t('accounts.cannotPay')}</Badge>;
  if (balance.low) return <Badge tone="bad">{t('accounts.low')}</Badge>;
  const currencies = lowCurrencies(balance);
  return currencies.length ? <Badge tone="warn">{t('accounts.lowIn', { currencies: currencies.join(', ') })}</Badge> : null;
}
