// Balance of a one-api / new-api key without a console login: new-api's /api/usage/token/ (quota
// units), else the OpenAI-style /v1/dashboard/billing/subscription and /usage (display currency,
// except a custom one: new-api answers those in USD).
import { SwitchboardError } from '../errors';
import { gatewayRequest } from '../gateway/http';
import type { BalanceReading, KeySource } from './balanceReading';
import { getWithKey, keyAnswerContext } from './balanceReading';
import { consoleData, isRecord, jsonAnswer, num } from './gatewayAnswer';
import { amountOf, quotaDisplayFrom, USD_DISPLAY, type QuotaDisplay } from './quotaDisplay';

/**
 * one-api / new-api report an unlimited key's grant as exactly this figure. Only the figure itself
 * marks it: shown as raw quota, a limited grant of 200 dollars or more is larger.
 */
const UNLIMITED_AMOUNT = 100_000_000;

async function displayOf(source: KeySource): Promise<QuotaDisplay> {
  const path = '/api/status';
  const res = await gatewayRequest({ url: `${source.baseUrl.replace(/\/+$/, '')}${path}`, label: source.label, address: source.address });
  return quotaDisplayFrom(consoleData(res, { ...keyAnswerContext(source, path), action: 'show its status' }));
}

async function tokenUsage(source: KeySource, display: QuotaDisplay): Promise<BalanceReading | null> {
  // Registered with the final slash: without it new-api answers a redirect, not the balance.
  const path = '/api/usage/token/';
  const res = await gatewayRequest({
    url: `${source.baseUrl.replace(/\/+$/, '')}${path}`,
    headers: { authorization: `Bearer ${source.key}` },
    label: source.label,
    address: source.address,
  });
  if (res.status === 404) return null;
  const body = jsonAnswer(res, keyAnswerContext(source, path));
  const data = isRecord(body) && body.code === true && isRecord(body.data) ? body.data : undefined;
  if (!data) return null;
  return {
    remaining: amountOf(display, num(data.total_available)),
    used: amountOf(display, num(data.total_used)),
    currency: display.currency,
    unlimited: data.unlimited_quota === true,
    source: path,
  };
}

async function dashboardBilling(source: KeySource, display: QuotaDisplay): Promise<BalanceReading> {
  const subscriptionPath = '/v1/dashboard/billing/subscription';
  const subscription = await getWithKey(source, subscriptionPath);
  if (!isRecord(subscription) || subscription.hard_limit_usd === undefined) {
    throw new SwitchboardError('gateway_error', `${source.label} answered ${subscriptionPath} without a limit; it may not offer key billing: add the account with a console login instead.`);
  }
  const usage = await getWithKey(source, '/v1/dashboard/billing/usage');
  const granted = num(subscription.hard_limit_usd);
  // total_usage is in hundredths of the display currency (OpenAI's cents).
  const reportedUsed = (isRecord(usage) ? num(usage.total_usage) : 0) / 100;
  const unlimited = granted === UNLIMITED_AMOUNT;
  const shown = (reported: number) => Math.round((display.type === 'CUSTOM' ? reported * display.usdExchangeRate : reported) * 1e6) / 1e6;
  return { remaining: unlimited ? 0 : shown(granted - reportedUsed), used: shown(reportedUsed), currency: display.currency, unlimited, source: subscriptionPath };
}

export async function readKeyBillingBalance(source: KeySource): Promise<BalanceReading> {
  // /api/status is public on both flavours; a gateway that hides it displays in USD.
  const display = await displayOf(source).catch((err: unknown) => {
    if (err instanceof SwitchboardError && err.code === 'gateway_unreachable') throw err;
    return USD_DISPLAY;
  });
  return (await tokenUsage(source, display)) ?? dashboardBilling(source, display);
}
