// Console JSON (one-api and new-api shapes) turned into the contract's views.
import { KEY_STATUSES, type GatewayKey, type GatewayLog } from '../../../shared/accountsContract';
import { isRecord, num, str } from './gatewayAnswer';
import { amountOf, type QuotaDisplay } from './quotaDisplay';

const KEY_STATUS_BY_CODE: Record<number, (typeof KEY_STATUSES)[number]> = { 1: 'enabled', 2: 'disabled', 3: 'expired', 4: 'exhausted' };
const LOG_TYPE_BY_CODE: Record<number, GatewayLog['type']> = { 1: 'topup', 2: 'consume', 3: 'manage', 4: 'system', 5: 'error' };

/** Keys leave the core masked: new-api already masks them, one-api sends them whole. */
export function maskedGatewayKey(raw: string): string {
  const tail = raw.replace(/\*/g, '').slice(-4);
  return tail.length === 4 ? `sk-…${tail}` : 'sk-…';
}

const seconds = (value: unknown): number | null => {
  const n = num(value, 0);
  return n > 0 ? n * 1000 : null;
};

export function keyView(raw: Record<string, unknown>, display: QuotaDisplay): GatewayKey {
  // new-api: model_limits(+_enabled); one-api: models (empty = all).
  const limits = raw.model_limits_enabled === false ? '' : str(raw.model_limits ?? raw.models);
  return {
    id: num(raw.id),
    name: str(raw.name),
    key: maskedGatewayKey(str(raw.key)),
    status: KEY_STATUS_BY_CODE[num(raw.status)] ?? 'unknown',
    remaining: amountOf(display, num(raw.remain_quota)),
    used: amountOf(display, num(raw.used_quota)),
    currency: display.currency,
    unlimited: raw.unlimited_quota === true,
    expiresAt: seconds(raw.expired_time),
    group: str(raw.group),
    models: limits.split(',').map((m) => m.trim()).filter(Boolean),
    createdAt: seconds(raw.created_time) ?? 0,
    accessedAt: seconds(raw.accessed_time),
  };
}

export function logView(raw: Record<string, unknown>, display: QuotaDisplay): GatewayLog {
  return {
    id: num(raw.id),
    ts: num(raw.created_at) * 1000,
    type: LOG_TYPE_BY_CODE[num(raw.type)] ?? 'unknown',
    model: str(raw.model_name),
    tokenName: str(raw.token_name),
    promptTokens: num(raw.prompt_tokens),
    completionTokens: num(raw.completion_tokens),
    quota: num(raw.quota),
    amount: amountOf(display, num(raw.quota)),
    stream: raw.is_stream === true,
    // new-api: use_time in seconds; one-api: elapsed_time in milliseconds.
    useTime: raw.use_time !== undefined ? num(raw.use_time) : num(raw.elapsed_time) / 1000,
    group: str(raw.group),
    requestId: str(raw.request_id),
    content: str(raw.content),
  };
}

/** A log's `other` column: a JSON string in new-api (absent in one-api); {} when there is none to read. */
function logOther(raw: Record<string, unknown>): Record<string, unknown> {
  if (isRecord(raw.other)) return raw.other;
  if (typeof raw.other !== 'string' || !raw.other) return {};
  try {
    const parsed: unknown = JSON.parse(raw.other);
    return isRecord(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/**
 * Every prompt token a log billed, cached ones included. new-api logs a Claude-format call with
 * Anthropic's counts: prompt_tokens without the cache reads and writes, which `other` holds, marked `claude`.
 */
export function billedPromptTokens(raw: Record<string, unknown>): number {
  const prompt = num(raw.prompt_tokens);
  const other = logOther(raw);
  return other.claude === true ? prompt + num(other.cache_tokens) + num(other.cache_creation_tokens) : prompt;
}
