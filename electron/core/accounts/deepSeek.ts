// DeepSeek: GET /user/balance lists a balance per currency (amounts are strings); spend is not reported.
import { SwitchboardError } from '../errors';
import type { BalanceReading, KeySource } from './balanceReading';
import { getWithKey } from './balanceReading';
import { isRecord, num, str } from './gatewayAnswer';

export async function readDeepSeekBalance(source: KeySource): Promise<BalanceReading> {
  const path = '/user/balance';
  const body = await getWithKey(source, path);
  const infos = isRecord(body) && Array.isArray(body.balance_infos) ? body.balance_infos.filter(isRecord) : [];
  const info = infos.find((i) => str(i.currency) === 'USD') ?? infos[0];
  if (!info) throw new SwitchboardError('gateway_error', `${source.label} answered ${path} without a balance; check the base URL (https://api.deepseek.com).`);
  return { remaining: num(info.total_balance), used: 0, currency: str(info.currency) || 'CNY', unlimited: false, source: path };
}
