import type { Translate } from '../i18n/I18nProvider';
import { formatCost, formatNumber } from '../i18n/format';
import type { Locale } from '../i18n/locale';

/** One call's cost, or "no price" when it used tokens that have none (never a made-up $0). */
export function callCostText(t: Translate, locale: Locale, costUsd: number | null): string {
  return costUsd === null ? t('cost.noPrice') : formatCost(locale, costUsd);
}

/** A total over `calls` calls: what the priced ones cost, and how many calls it leaves out. */
export function totalCostText(t: Translate, locale: Locale, totals: { costUsd: number; unpricedCalls: number; calls: number }): string {
  if (totals.unpricedCalls === 0) return formatCost(locale, totals.costUsd);
  if (totals.unpricedCalls === totals.calls) return t('cost.noPrice');
  return t('cost.plusUnpriced', { cost: formatCost(locale, totals.costUsd), count: formatNumber(locale, totals.unpricedCalls) });
}
