import type { Db } from './db';
import type { PriceSnapshot } from '../usage/cost';

/** One proxied call, as the ledger keeps it. */
export interface UsageRecord {
  ts: number;
  requestId: string;
  client: string;
  provider: string | null;
  requestedModel: string | null;
  servedModel: string | null;
  protocolIn: string;
  protocolOut: string | null;
  streamed: boolean;
  status: number;
  errorClass: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  /** True when the gateway reported no usage and the counts are our estimate. */
  estimated: boolean;
  ttfbMs: number | null;
  totalMs: number;
  attempts: number;
  failedProviders: string[];
  upstreamRequestId: string | null;
  costUsd: number;
  price: PriceSnapshot;
}

export type UsageGrouping = 'model' | 'provider' | 'client' | 'day';

export interface UsageGroup {
  key: string;
  calls: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  costUsd: number;
}

const HOUR_MS = 3_600_000;

const GROUP_COLUMN: Record<UsageGrouping, { hourly: string; raw: string }> = {
  model: { hourly: 'model', raw: "coalesce(served_model, requested_model, '')" },
  provider: { hourly: 'provider', raw: "coalesce(provider, '')" },
  client: { hourly: 'client', raw: 'client' },
  day: { hourly: "date(hour * 3600, 'unixepoch', 'localtime')", raw: "date(ts / 1000, 'unixepoch', 'localtime')" },
};

export function createUsageRepo(db: Db) {
  const insertCall = db.prepare(
    `INSERT INTO usage_calls (ts, request_id, client, provider, requested_model, served_model, protocol_in, protocol_out, streamed,
       status, error_class, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, estimated,
       ttfb_ms, total_ms, attempts, failed_providers, upstream_request_id, cost_usd, price)
     VALUES (@ts, @requestId, @client, @provider, @requestedModel, @servedModel, @protocolIn, @protocolOut, @streamed,
       @status, @errorClass, @inputTokens, @outputTokens, @cacheReadTokens, @cacheWriteTokens, @reasoningTokens, @estimated,
       @ttfbMs, @totalMs, @attempts, @failedProviders, @upstreamRequestId, @costUsd, @price)`,
  );
  const addHourly = db.prepare(
    `INSERT INTO usage_hourly (hour, client, provider, model, calls, errors, input_tokens, output_tokens, cache_read_tokens,
       cache_write_tokens, reasoning_tokens, cost_usd)
     VALUES (@hour, @client, @provider, @model, 1, @error, @inputTokens, @outputTokens, @cacheReadTokens, @cacheWriteTokens,
       @reasoningTokens, @costUsd)
     ON CONFLICT(hour, client, provider, model) DO UPDATE SET
       calls = calls + 1, errors = errors + excluded.errors,
       input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
       cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
       cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
       reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens, cost_usd = cost_usd + excluded.cost_usd`,
  );

  const insertMany = db.transaction((records: UsageRecord[]) => {
    for (const r of records) {
      insertCall.run({
        ...r,
        streamed: r.streamed ? 1 : 0,
        estimated: r.estimated ? 1 : 0,
        failedProviders: JSON.stringify(r.failedProviders),
        price: JSON.stringify(r.price),
      });
      addHourly.run({
        hour: Math.floor(r.ts / HOUR_MS),
        client: r.client,
        provider: r.provider ?? '',
        model: r.servedModel ?? r.requestedModel ?? '',
        error: r.status >= 400 || r.errorClass ? 1 : 0,
        inputTokens: r.inputTokens,
        outputTokens: r.outputTokens,
        cacheReadTokens: r.cacheReadTokens,
        cacheWriteTokens: r.cacheWriteTokens,
        reasoningTokens: r.reasoningTokens,
        costUsd: r.costUsd,
      });
    }
  });

  /**
   * Totals since a time, grouped: whole hours come from the hourly table, the part of the first
   * hour after `since` from the rows themselves, so the answer is exact and fast.
   */
  function summary(since: number, by: UsageGrouping): UsageGroup[] {
    const firstFullHour = Math.ceil(since / HOUR_MS);
    const col = GROUP_COLUMN[by];
    const sql = `
      SELECT key, sum(calls) AS calls, sum(errors) AS errors, sum(input_tokens) AS inputTokens,
             sum(output_tokens) AS outputTokens, sum(cache_read_tokens) AS cacheReadTokens,
             sum(cache_write_tokens) AS cacheWriteTokens, sum(reasoning_tokens) AS reasoningTokens, sum(cost_usd) AS costUsd
      FROM (
        SELECT ${col.hourly} AS key, calls, errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
               reasoning_tokens, cost_usd
        FROM usage_hourly WHERE hour >= @firstFullHour
        UNION ALL
        SELECT ${col.raw} AS key, 1, (status >= 400 OR error_class IS NOT NULL), input_tokens, output_tokens, cache_read_tokens,
               cache_write_tokens, reasoning_tokens, cost_usd
        FROM usage_calls WHERE ts >= @since AND ts < @firstFullHourMs
      )
      GROUP BY key ORDER BY ${by === 'day' ? 'key' : 'costUsd DESC, calls DESC'}`;
    return db.prepare(sql).all({ since, firstFullHour, firstFullHourMs: firstFullHour * HOUR_MS }) as UsageGroup[];
  }

  return { insertMany, summary };
}

export type UsageRepo = ReturnType<typeof createUsageRepo>;
