// Moonshot / Kimi: GET /v1/users/me/balance; CNY on the China platform (.cn), USD on the international one (.ai).
import type { BalanceReading, KeySource } from './balanceReading';
import { answeredWithout, getWithKey, regionalCurrency } from './balanceReading';
import { isRecord, num } from './gatewayAnswer';

export async function readMoonshotBalance(source: KeySource): Promise<BalanceReading> {
  const path = '/v1/users/me/balance';
  const body = await getWithKey(source, path);
  const data = isRecord(body) && isRecord(body.data) ? body.data : undefined;
  if (!data) throw answeredWithout(source, path, 'a balance', 'https://api.moonshot.cn (https://api.moonshot.ai outside China)');
  return { remaining: num(data.available_balance), used: 0, currency: regionalCurrency('moonshot', source.baseUrl), unlimited: false, source: path };
}
