// OpenRouter: GET /api/v1/key reports the key's spend and its limit in USD (null = no limit).
import type { BalanceReading, KeySource } from './balanceReading';
import { answeredWithout, getWithKey } from './balanceReading';
import { isRecord, num } from './gatewayAnswer';

export async function readOpenRouterBalance(source: KeySource): Promise<BalanceReading> {
  const path = '/api/v1/key';
  const body = await getWithKey(source, path);
  const data = isRecord(body) && isRecord(body.data) ? body.data : undefined;
  if (!data) throw answeredWithout(source, path, 'key data', 'https://openrouter.ai');
  const used = num(data.usage);
  const unlimited = data.limit === null || data.limit === undefined;
  const remaining = unlimited ? 0 : data.limit_remaining === null || data.limit_remaining === undefined ? num(data.limit) - used : num(data.limit_remaining);
  return { remaining, used, currency: 'USD', unlimited, source: path };
}
