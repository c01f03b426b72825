// SiliconFlow: GET /v1/user/info; totalBalance (granted plus paid) as a string, in CNY on the China
// site (.cn), in USD on the international one (.com).
import type { BalanceReading, KeySource } from './balanceReading';
import { answeredWithout, getWithKey, regionalCurrency } from './balanceReading';
import { isRecord, num } from './gatewayAnswer';

export async function readSiliconFlowBalance(source: KeySource): Promise<BalanceReading> {
  const path = '/v1/user/info';
  const body = await getWithKey(source, path);
  const data = isRecord(body) && isRecord(body.data) ? body.data : undefined;
  if (!data) throw answeredWithout(source, path, 'a balance', 'https://api.siliconflow.cn (https://api.siliconflow.com outside China)');
  return { remaining: num(data.totalBalance), used: 0, currency: regionalCurrency('siliconflow', source.baseUrl), unlimited: false, source: path };
}
