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

const BUCKET_COLUMN: Record<'hour' | 'day', { hourly: string; raw: string }> = {
  hour: {
    hourly: "strftime('%Y-%m-%d %H:00', hour * 3600, 'unixepoch', 'localtime')",
    raw: "strftime('%Y-%m-%d %H:00', ts / 1000, 'unixepoch', 'localtime')",
  },
  day: { hourly: GROUP_COLUMN.day.hourly, raw: GROUP_COLUMN.day.raw },
};

export interface CallFilter {
  since: number;
  client?: string;
  provider?: string;
  model?: string;
  outcome: 'all' | 'ok' | 'error';
}

/** A ledger row as read back, with its id. */
export type StoredCall = Omit<UsageRecord, 'price'> & { id: number; price: PriceSnapshot };

interface CallRow {
  id: number;
  ts: number;
  request_id: string;
  client: string;
  provider: string | null;
  requested_model: string | null;
  served_model: string | null;
  protocol_in: string;
  protocol_out: string | null;
  streamed: number;
  status: number;
  error_class: string | null;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  estimated: number;
  ttfb_ms: number | null;
  total_ms: number;
  attempts: number;
  failed_providers: string;
  upstream_request_id: string | null;
  cost_usd: number;
  price: string;
}

function fromRow(r: CallRow): StoredCall {
  return {
    id: r.id,
    ts: r.ts,
    requestId: r.request_id,
    client: r.client,
    provider: r.provider,
    requestedModel: r.requested_model,
    servedModel: r.served_model,
    protocolIn: r.protocol_in,
    protocolOut: r.protocol_out,
    streamed: r.streamed === 1,
    status: r.status,
    errorClass: r.error_class,
    inputTokens: r.input_tokens,
    outputTokens: r.output_tokens,
    cacheReadTokens: r.cache_read_tokens,
    cacheWriteTokens: r.cache_write_tokens,
    reasoningTokens: r.reasoning_tokens,
    estimated: r.estimated === 1,
    ttfbMs: r.ttfb_ms,
    totalMs: r.total_ms,
    attempts: r.attempts,
    failedProviders: JSON.parse(r.failed_providers) as string[],
    upstreamRequestId: r.upstream_request_id,
    costUsd: r.cost_usd,
    price: JSON.parse(r.price) as PriceSnapshot,
  };
}

function callWhere(f: CallFilter): { where: string; params: Record<string, unknown> } {
  const parts = ['ts >= @since'];
  const params: Record<string, unknown> = { since: f.since };
  const equal = (name: 'client' | 'provider', value: string | undefined) => {
    if (!value) return;
    parts.push(`${name} = @${name}`);
    params[name] = value;
  };
  equal('client', f.client);
  equal('provider', f.provider);
  if (f.model) {
    parts.push('(served_model = @model OR requested_model = @model)');
    params.model = f.model;
  }
  if (f.outcome === 'ok') parts.push('status < 400 AND error_class IS NULL');
  if (f.outcome === 'error') parts.push('(status >= 400 OR error_class IS NOT NULL)');
  return { where: parts.join(' AND '), params };
}

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
   * Totals since a time, grouped by `key` (a pair of SQL expressions: over the hourly table and
   * over raw rows). Whole hours come from the hourly table, the part of the first hour after
   * `since` from the rows themselves, so the answer is exact and never scans a million calls.
   */
  function aggregate(since: number, key: { hourly: string; raw: string }, orderBy: string): UsageGroup[] {
    const firstFullHour = Math.ceil(since / HOUR_MS);
    const sql = `
      SELECT key, sum(calls) AS calls, sum(errors) AS errors, sum(input_tokens) AS inputTokens,
             sum(output_tokens) AS outputTokens, sum(cache_read_tokens) AS cacheReadTokens,
             sum(cache_write_tokens) AS cacheWriteTokens, sum(reasoning_tokens) AS reasoningTokens, sum(cost_usd) AS costUsd
      FROM (
        SELECT ${key.hourly} AS key, calls, errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
               reasoning_tokens, cost_usd
        FROM usage_hourly WHERE hour >= @firstFullHour
        UNION ALL
        SELECT ${key.raw} AS key, 1, (status >= 400 OR error_class IS NOT NULL), input_tokens, output_tokens, cache_read_tokens,
               cache_write_tokens, reasoning_tokens, cost_usd
        FROM usage_calls WHERE ts >= @since AND ts < @firstFullHourMs
      )
      GROUP BY key ORDER BY ${orderBy}`;
    return db.prepare(sql).all({ since, firstFullHour, firstFullHourMs: firstFullHour * HOUR_MS }) as UsageGroup[];
  }

  const summary = (since: number, by: UsageGrouping): UsageGroup[] =>
    aggregate(since, GROUP_COLUMN[by], by === 'day' ? 'key' : 'costUsd DESC, calls DESC');

  /** Per hour or day, optionally split by a grouping: key is "<bucket>\u0000<group>". */
  function timeseries(since: number, bucket: 'hour' | 'day', by?: Exclude<UsageGrouping, 'day'>): (UsageGroup & { bucket: string })[] {
    const bucketCol = BUCKET_COLUMN[bucket];
    const group = by ? GROUP_COLUMN[by] : { hourly: "''", raw: "''" };
    const key = { hourly: `${bucketCol.hourly} || char(0) || ${group.hourly}`, raw: `${bucketCol.raw} || char(0) || ${group.raw}` };
    return aggregate(since, key, 'key').map((row) => {
      const [b, k] = row.key.split('\u0000');
      return { ...row, bucket: b, key: k };
    });
  }

  const latencyRows = db.prepare<[number], { provider: string; total_ms: number; ttfb_ms: number | null; failed: number }>(
    `SELECT provider, total_ms, ttfb_ms, (status >= 400 OR error_class IS NOT NULL) AS failed
     FROM usage_calls WHERE ts >= ? AND provider IS NOT NULL ORDER BY provider`,
  );

  function calls(filter: CallFilter, limit: number, offset: number): { total: number; rows: StoredCall[] } {
    const { where, params } = callWhere(filter);
    const total = (db.prepare(`SELECT count(*) AS n FROM usage_calls WHERE ${where}`).get(params) as { n: number }).n;
    const rows = db
      .prepare(`SELECT * FROM usage_calls WHERE ${where} ORDER BY ts DESC, id DESC LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit, offset }) as CallRow[];
    return { total, rows: rows.map(fromRow) };
  }

  const byId = db.prepare<[number], CallRow>('SELECT * FROM usage_calls WHERE id = ?');

  return {
    insertMany,
    summary,
    timeseries,
    latencyRows: (since: number) => latencyRows.all(since),
    calls,
    call: (id: number): StoredCall | undefined => {
      const row = byId.get(id);
      return row && fromRow(row);
    },
  };
}

export type UsageRepo = ReturnType<typeof createUsageRepo>;
