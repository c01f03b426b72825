// Moonshot / Kimi: GET /v1/users/me/balance; CNY on the China platform (.cn), USD on the international one (.ai).
import { SwitchboardError } from '../errors';
import type { BalanceReading, KeySource } from './balanceReading';
import { getWithKey, regionalCurrency } from './balanceReading';
import { isRecord, num } from './gatewayAnswer';

export async function readMoonshotBalance(source: KeySource): Promise<BalanceReading> {
  const path = '/v1/users/me/balance';
  const body = await getWithKey(source, path);
  const data = isRecord(body) && isRecord(body.data) ? body.data : undefined;
  if (!data) throw new SwitchboardError('gateway_error', `${source.label} answered ${path} without a balance; check the base URL (https://api.moonshot.cn).`);
  return { remaining: num(data.available_balance), used: 0, currency: regionalCurrency('moonshot', source.baseUrl), unlimited: false, source: path };
}
