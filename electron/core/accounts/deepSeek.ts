// DeepSeek: GET /user/balance lists a balance per currency (amounts are strings): an account topped
// up in yuan and in dollars holds both. Spend is not reported. is_available: false says the balance
// cannot pay for API calls, whatever the figures show.
import type { BalanceReading, KeySource } from './balanceReading';
import { answeredWithout, getWithKey } from './balanceReading';
import { isRecord, num, str } from './gatewayAnswer';

export async function readDeepSeekBalance(source: KeySource): Promise<BalanceReading> {
  const path = '/user/balance';
  const body = await getWithKey(source, path);
  const infos = isRecord(body) && Array.isArray(body.balance_infos) ? body.balance_infos.filter(isRecord) : [];
  if (!infos.length) throw answeredWithout(source, path, 'a balance', 'https://api.deepseek.com');
  // Dollars first, as before: the figure a single-currency reader sees when both are held and neither is low.
  const holdings = infos
    .map((i) => ({ currency: str(i.currency) || 'CNY', remaining: num(i.total_balance) }))
    .sort((a, b) => Number(b.currency === 'USD') - Number(a.currency === 'USD'));
  return {
    remaining: holdings[0].remaining,
    used: 0,
    currency: holdings[0].currency,
    unlimited: false,
    source: path,
    ...(holdings.length > 1 ? { holdings } : {}),
    ...(isRecord(body) && body.is_available === false ? { cannotPay: true as const } : {}),
  };
}
