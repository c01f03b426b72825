import type { CallEndpoint } from '../../../shared/callEndpoint';
import type { CallFailure } from '../../../shared/callFailure';
import { CANCELLED, callOutcomeOf, type CallOutcomeKind } from '../../../shared/callOutcome';
import type { EstimatedCounts } from '../../../shared/usageContract';
import type { Db } from './db';
import { localBucketLabel, planLocalBuckets, type LocalBucket, type LocalBucketPlan } from './localBuckets';
import type { PriceSnapshot } from '../usage/cost';

/** One proxied call, as the ledger keeps it. */
export interface UsageRecord {
  ts: number;
  requestId: string;
  client: string;
  provider: string | null;
  requestedModel: string | null;
  servedModel: string | null;
  /** The proxy endpoint called. */
  endpoint: CallEndpoint;
  protocolIn: string;
  protocolOut: string | null;
  streamed: boolean;
  status: number;
  errorClass: string | null;
  /** What went wrong, as the sentence the client was sent (or the in-stream error); absent or null for a success. */
  errorMessage?: string | null;
  /** That sentence as a code and its figures, where the proxy worded it; absent or null otherwise. */
  failure?: CallFailure | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** The part of cacheWriteTokens kept an hour (priced apart); absent for none. */
  cacheWrite1hTokens?: number;
  reasoningTokens: number;
  /** Which counts are our estimate: all (the gateway reported no usage), the output alone, or none (null). */
  estimatedCounts: EstimatedCounts | null;
  ttfbMs: number | null;
  totalMs: number;
  attempts: number;
  failedProviders: string[];
  upstreamRequestId: string | null;
  /** Null when the call used tokens that have no price ("without a price", never $0). */
  costUsd: number | null;
  price: PriceSnapshot;
}

export type UsageGrouping = 'model' | 'provider' | 'client' | 'endpoint' | 'day';

export interface UsageGroup extends UsageTotals {
  key: string;
}

/** What totals count, per group or for a whole window. */
export interface UsageTotals {
  calls: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  /** Every cache write, the 1-hour ones included. */
  cacheWriteTokens: number;
  /** The part of cacheWriteTokens kept an hour (priced apart). */
  cacheWrite1hTokens: number;
  reasoningTokens: number;
  /** The cost of the priced calls only; `unpricedCalls` says how many calls it leaves out. */
  costUsd: number;
  unpricedCalls: number;
}

const QUARTER_MS = 900_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** callOutcomeOf's "failed" and "failed mid-stream" in SQL: a cancelled call is not an error. Migration 16's usage_calls_failed index repeats it. */
const FAILED_SQL = `((status >= 400 OR error_class IS NOT NULL) AND error_class IS NOT '${CANCELLED}')`;
const isFailed = (r: UsageRecord) => {
  const kind = callOutcomeOf(r);
  return kind === 'failed' || kind === 'failed_mid_stream';
};

/** A grouping as SQL: its column in the totals tables (usage_quarterly, usage_hourly, usage_daily), and over raw calls. */
interface GroupColumn {
  totals: string;
  raw: string;
}

const GROUP_COLUMN: Record<Exclude<UsageGrouping, 'day'>, GroupColumn> = {
  // Migration 16's usage_calls_model_ts index is on this expression: change both or neither.
  model: { totals: 'model', raw: "coalesce(served_model, requested_model, '')" },
  provider: { totals: 'provider', raw: "coalesce(provider, '')" },
  client: { totals: 'client', raw: 'client' },
  // '' for the calls recorded before the ledger kept the endpoint.
  endpoint: { totals: 'endpoint', raw: "coalesce(endpoint, '')" },
};

/** The key of a local day or hour: the UTC hour in the hourly table; elsewhere, the local bucket of the run a row falls in (see localTotals). */
const HOUR_KEY: GroupColumn = { totals: 'hour', raw: 'hour' };
const RUN_KEY: GroupColumn = { totals: 'run.n', raw: 'run.n' };
/** The runs of quarter hours and the pieces of a plan as tables, read from JSON once rather than per row. */
const RUNS = `quarter_run(a, b, n) AS MATERIALIZED (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(@quarters)),
  piece_run(a, b, n) AS MATERIALIZED (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(@pieces))`;
const TOTAL_COLUMNS = 'calls, errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, reasoning_tokens, cost_usd, unpriced';
/** One call as a totals row: it counts once, as an error when it failed. */
const RAW_TOTAL_COLUMNS = `1 AS calls, ${FAILED_SQL} AS errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, reasoning_tokens, cost_usd, unpriced`;
const TOTAL_FIELDS = ['calls', 'errors', 'inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'cacheWrite1hTokens', 'reasoningTokens', 'costUsd', 'unpricedCalls'] as const;
/** Totals of no calls. */
export const noTotals = (): UsageTotals => ({ calls: 0, errors: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 0, costUsd: 0, unpricedCalls: 0 });

/** A row's totals alone. */
const pickTotals = (row: UsageTotals): UsageTotals => {
  const totals = noTotals();
  sumInto(totals, row);
  return totals;
};

/** Adds one group's totals into another's. */
export function sumInto(into: UsageTotals, from: UsageTotals): void {
  for (const field of TOTAL_FIELDS) into[field] += from[field];
}

const SUMS = `sum(calls) AS calls, sum(errors) AS errors, sum(input_tokens) AS inputTokens, sum(output_tokens) AS outputTokens,
  sum(cache_read_tokens) AS cacheReadTokens, sum(cache_write_tokens) AS cacheWriteTokens, sum(cache_write_1h_tokens) AS cacheWrite1hTokens,
  sum(reasoning_tokens) AS reasoningTokens,
  sum(cost_usd) AS costUsd, sum(unpriced) AS unpricedCalls`;

/**
 * Which calls totals and latency count. The totals tables keep client, provider, model (served,
 * else requested) and endpoint, so these narrow every part of a window; how a call ended is not kept there.
 */
export interface TotalsFilter {
  client?: string;
  provider?: string;
  model?: string;
  endpoint?: string;
}

const TOTALS_FILTER_NAMES = ['client', 'provider', 'model', 'endpoint'] as const;

/** The filter as extra conditions on one side (totals tables or raw calls), and their parameters; nothing when unfiltered. */
function totalsWhere(filter: TotalsFilter | undefined, side: keyof GroupColumn): { where: string; params: Record<string, string> } {
  const names = TOTALS_FILTER_NAMES.filter((name) => filter?.[name]);
  return {
    where: names.map((name) => ` AND ${GROUP_COLUMN[name][side]} = @${name}`).join(''),
    params: Object.fromEntries(names.map((name) => [name, filter![name]!])),
  };
}

export interface CallFilter {
  /** Calls that started at or after this (the bound the start-time index reads from). */
  since: number;
  /** And that ended at or after this (a gateway logs a call when it ends). */
  endedSince?: number;
  client?: string;
  provider?: string;
  model?: string;
  outcome: 'all' | 'ok' | 'error' | 'cancelled';
  endpoint?: CallEndpoint;
}

/** A ledger row as read back, with its id; `estimated` (any count estimated) for the readers that need no more. */
export type StoredCall = Omit<UsageRecord, 'price' | 'errorMessage' | 'failure' | 'endpoint'> & {
  id: number;
  price: PriceSnapshot;
  errorMessage: string | null;
  /** Null for calls recorded before the ledger kept it, and for sentences the proxy did not word. */
  failure: CallFailure | null;
  /** Null for calls recorded before the ledger kept the endpoint. */
  endpoint: CallEndpoint | null;
  cacheWrite1hTokens: number;
  estimated: boolean;
};

interface CallRow {
  id: number;
  ts: number;
  request_id: string;
  client: string;
  provider: string | null;
  requested_model: string | null;
  served_model: string | null;
  endpoint: CallEndpoint | null;
  protocol_in: string;
  protocol_out: string | null;
  streamed: number;
  status: number;
  error_class: string | null;
  error_message: string | null;
  error_code: CallFailure['code'] | null;
  error_figures: string | null;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cache_write_1h_tokens: number;
  reasoning_tokens: number;
  estimated: number;
  estimated_counts: EstimatedCounts | null;
  ttfb_ms: number | null;
  total_ms: number;
  attempts: number;
  failed_providers: string;
  upstream_request_id: string | null;
  cost_usd: number;
  unpriced: number;
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
    endpoint: r.endpoint,
    protocolIn: r.protocol_in,
    protocolOut: r.protocol_out,
    streamed: r.streamed === 1,
    status: r.status,
    errorClass: r.error_class,
    errorMessage: r.error_message,
    failure: r.error_code === null ? null : ({ code: r.error_code, ...JSON.parse(r.error_figures ?? '{}') } as CallFailure),
    inputTokens: r.input_tokens,
    outputTokens: r.output_tokens,
    cacheReadTokens: r.cache_read_tokens,
    cacheWriteTokens: r.cache_write_tokens,
    cacheWrite1hTokens: r.cache_write_1h_tokens,
    reasoningTokens: r.reasoning_tokens,
    estimated: r.estimated === 1,
    estimatedCounts: r.estimated_counts,
    ttfbMs: r.ttfb_ms,
    totalMs: r.total_ms,
    attempts: r.attempts,
    failedProviders: JSON.parse(r.failed_providers) as string[],
    upstreamRequestId: r.upstream_request_id,
    costUsd: r.unpriced ? null : r.cost_usd,
    price: JSON.parse(r.price) as PriceSnapshot,
  };
}

/** What a bill is checked against: one ledger row's times, ids, models, tokens and cost, and how it ended. */
export interface CallFigures {
  ts: number;
  /** How the call ended: a gateway may bill a call its client abandoned, or one that broke off mid-stream. */
  outcome: CallOutcomeKind;
  totalMs: number;
  requestId: string;
  upstreamRequestId: string | null;
  provider: string;
  requestedModel: string | null;
  servedModel: string | null;
  /** Uncached input tokens (cache reads and writes apart), as the ledger keeps them. */
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Which counts (and so the cost) are the proxy's estimate: all (the gateway reported no usage), the output alone, or none. */
  estimatedCounts: EstimatedCounts | null;
  /** Null when the call had no price: its charge cannot be judged. */
  costUsd: number | null;
}

/** The columns CallFigures come from, read as arrays: the price snapshot and failed providers (JSON) stay unread. */
const FIGURE_COLUMNS = `ts, total_ms, request_id, upstream_request_id, requested_model, served_model, input_tokens, output_tokens,
  cache_read_tokens, cache_write_tokens, estimated_counts, cost_usd, unpriced, status, error_class, streamed`;
type FigureRow = [number, number, string, string | null, string | null, string | null, number, number, number, number, EstimatedCounts | null, number, number, number, string | null, number];

function fromFigureRow(row: FigureRow, provider: string): CallFigures {
  const [ts, totalMs, requestId, upstreamRequestId, requestedModel, servedModel, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, estimatedCounts, costUsd, unpriced, status, errorClass, streamed] = row;
  return {
    ts,
    totalMs,
    requestId,
    upstreamRequestId,
    provider,
    requestedModel,
    servedModel,
    inputTokens,
    outputTokens,
    cacheReadTokens,
    cacheWriteTokens,
    estimatedCounts,
    costUsd: unpriced ? null : costUsd,
    outcome: callOutcomeOf({ status, errorClass, streamed: streamed === 1 }),
  };
}

function callWhere(f: CallFilter): { where: string; params: Record<string, unknown> } {
  const parts = ['ts >= @since'];
  const params: Record<string, unknown> = { since: f.since };
  if (f.endedSince !== undefined) {
    parts.push('ts + total_ms >= @endedSince');
    params.endedSince = f.endedSince;
  }
  const equal = (name: 'client' | 'provider' | 'endpoint', value: string | undefined) => {
    if (!value) return;
    parts.push(`${name} = @${name}`);
    params[name] = value;
  };
  equal('client', f.client);
  equal('provider', f.provider);
  equal('endpoint', f.endpoint);
  // The model as the totals keep it, so a narrowed list and its totals count the same calls.
  if (f.model) {
    parts.push(`${GROUP_COLUMN.model.raw} = @model`);
    params.model = f.model;
  }
  if (f.outcome === 'ok') parts.push('status < 400 AND error_class IS NULL');
  if (f.outcome === 'error') parts.push(FAILED_SQL);
  if (f.outcome === 'cancelled') parts.push(`error_class = '${CANCELLED}'`);
  return { where: parts.join(' AND '), params };
}

export function createUsageRepo(db: Db) {
  // Positional parameters: binding 28 named ones from a spread copy of each row was the costlier part of a batch.
  const insertCall = db.prepare(
    `INSERT INTO usage_calls (ts, request_id, client, provider, requested_model, served_model, endpoint, protocol_in, protocol_out, streamed,
       status, error_class, error_message, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, estimated,
       estimated_counts, ttfb_ms, total_ms, attempts, failed_providers, upstream_request_id, cost_usd, unpriced, price, cache_write_1h_tokens,
       error_code, error_figures)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  /** Where a totals row already exists for the bucket and group, the new one is added to it. */
  const addOnConflict = (bucket: string) => `ON CONFLICT(${bucket}, client, provider, model, endpoint) DO UPDATE SET
         calls = calls + excluded.calls, errors = errors + excluded.errors,
         input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
         cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
         cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
         cache_write_1h_tokens = cache_write_1h_tokens + excluded.cache_write_1h_tokens,
         reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens, cost_usd = cost_usd + excluded.cost_usd,
         unpriced = unpriced + excluded.unpriced`;
  /** Adds totals into a bucketed table (by quarter hour, hour or UTC day), one upsert per group. */
  const addTotals = (table: string, bucket: string) =>
    db.prepare(
      `INSERT INTO ${table} (${bucket}, client, provider, model, endpoint, ${TOTAL_COLUMNS})
       VALUES (@bucket, @client, @provider, @model, @endpoint, @calls, @errors, @inputTokens, @outputTokens, @cacheReadTokens, @cacheWriteTokens,
         @cacheWrite1hTokens, @reasoningTokens, @costUsd, @unpricedCalls)
       ${addOnConflict(bucket)}`,
    );
  const TOTALS_TABLES = [
    { table: 'usage_quarterly', bucket: 'quarter', ms: QUARTER_MS },
    { table: 'usage_hourly', bucket: 'hour', ms: HOUR_MS },
    { table: 'usage_daily', bucket: 'day', ms: DAY_MS },
  ] as const;
  const adders = TOTALS_TABLES.map(({ table, bucket, ms }) => ({ add: addTotals(table, bucket), ms }));

  /** The batch's rows summed per (bucket, client, provider, model, endpoint), a bucket being `bucketMs` long. */
  function bucketTotals(records: UsageRecord[], bucketMs: number) {
    const groups = new Map<string, UsageTotals & { bucket: number; client: string; provider: string; model: string; endpoint: string }>();
    for (const r of records) {
      const bucket = Math.floor(r.ts / bucketMs);
      const provider = r.provider ?? '';
      const model = r.servedModel ?? r.requestedModel ?? '';
      const key = `${bucket}\u0000${r.client}\u0000${provider}\u0000${model}\u0000${r.endpoint}`;
      let g = groups.get(key);
      if (!g) {
        g = { bucket, client: r.client, provider, model, endpoint: r.endpoint, ...noTotals() };
        groups.set(key, g);
      }
      g.calls += 1;
      g.errors += isFailed(r) ? 1 : 0;
      g.inputTokens += r.inputTokens;
      g.outputTokens += r.outputTokens;
      g.cacheReadTokens += r.cacheReadTokens;
      g.cacheWriteTokens += r.cacheWriteTokens;
      g.cacheWrite1hTokens += r.cacheWrite1hTokens ?? 0;
      g.reasoningTokens += r.reasoningTokens;
      g.costUsd += r.costUsd ?? 0;
      g.unpricedCalls += r.costUsd === null ? 1 : 0;
    }
    return groups.values();
  }

  // Calls share a handful of price snapshots: serialise each once.
  const priceJson = new WeakMap<PriceSnapshot, string>();
  const priceText = (price: PriceSnapshot) => {
    let text = priceJson.get(price);
    if (text === undefined) priceJson.set(price, (text = JSON.stringify(price)));
    return text;
  };

  const renameCalls = db.prepare('UPDATE usage_calls SET provider = @to WHERE provider = @from');
  const renameTotals = ({ table, bucket }: (typeof TOTALS_TABLES)[number]) => [
    db.prepare(
      `INSERT INTO ${table} (${bucket}, client, provider, model, endpoint, ${TOTAL_COLUMNS})
       SELECT ${bucket}, client, @to, model, endpoint, ${TOTAL_COLUMNS} FROM ${table} WHERE provider = @from
       ${addOnConflict(bucket)}`,
    ),
    db.prepare(`DELETE FROM ${table} WHERE provider = @from`),
  ];
  const renameSteps = [renameCalls, ...TOTALS_TABLES.flatMap(renameTotals)];
  /**
   * Files a provider's history under its new name: a rename keeps the gateway, and usage by provider
   * and the billing audit find calls by name. Totals left by an earlier provider of that name merge.
   */
  const renameProvider = db.transaction((from: string, to: string) => {
    for (const step of renameSteps) step.run({ from, to });
  });

  const insertMany = db.transaction((records: UsageRecord[]) => {
    for (const r of records) {
      const { code: errorCode = null, ...errorFigures } = r.failure ?? {};
      insertCall.run(
        r.ts, r.requestId, r.client, r.provider, r.requestedModel, r.servedModel, r.endpoint, r.protocolIn, r.protocolOut, r.streamed ? 1 : 0,
        r.status, r.errorClass, r.errorMessage ?? null, r.inputTokens, r.outputTokens, r.cacheReadTokens, r.cacheWriteTokens, r.reasoningTokens,
        r.estimatedCounts ? 1 : 0, r.estimatedCounts, r.ttfbMs, r.totalMs, r.attempts, r.failedProviders.length ? JSON.stringify(r.failedProviders) : '[]', r.upstreamRequestId, r.costUsd ?? 0, r.costUsd === null ? 1 : 0, priceText(r.price),
        r.cacheWrite1hTokens ?? 0, errorCode, errorCode === null ? null : JSON.stringify(errorFigures),
      );
    }
    for (const { add, ms } of adders) for (const g of bucketTotals(records, ms)) add.run(g);
  });

  /**
   * The rows of a window, as (key, sub) and totals. For a grouping, three parts that never overlap:
   * whole UTC days from the daily table, the whole hours before the first of them from the hourly
   * table, the part of the first hour after `since` from the calls themselves (the hourly part is
   * bounded by the caller that uses the daily one); exact, and a month reads about 30 rows per group
   * instead of 720. For local days and hours, `hourly` and `runs` answer a plan (see localTotals).
   */
  function windowParts(key: GroupColumn, sub?: GroupColumn, filter?: TotalsFilter) {
    const keys = (side: keyof GroupColumn) => `${key[side]} AS key${sub ? `, ${sub[side]} AS sub` : ''}`;
    const totalsOnly = totalsWhere(filter, 'totals').where;
    const raw = totalsWhere(filter, 'raw');
    return {
      daily: `SELECT ${keys('totals')}, ${TOTAL_COLUMNS} FROM usage_daily WHERE day >= @firstFullDay${totalsOnly}`,
      hourly: `SELECT ${keys('totals')}, ${TOTAL_COLUMNS} FROM usage_hourly WHERE hour >= @firstFullHour${totalsOnly}`,
      raw: `SELECT ${keys('raw')}, ${RAW_TOTAL_COLUMNS} FROM usage_calls WHERE ts >= @since AND ts < @firstFullHour * ${HOUR_MS}${raw.where}`,
      /** Quarter-hour totals in runs of quarters, and the calls in pieces of a window (see localTotals). */
      runs: `SELECT ${keys('totals')}, ${TOTAL_COLUMNS} FROM quarter_run AS run JOIN usage_quarterly ON quarter >= run.a AND quarter < run.b${totalsOnly}
        UNION ALL SELECT ${keys('raw')}, ${RAW_TOTAL_COLUMNS} FROM piece_run AS run JOIN usage_calls ON ts >= run.a AND ts < run.b${raw.where}`,
      params: raw.params,
      grouped: (rows: string) => `SELECT key${sub ? ', sub' : ''}, ${SUMS} FROM (${rows}) GROUP BY key${sub ? ', sub' : ''}`,
    };
  }
  const windowBounds = (since: number) => ({ since, firstFullHour: Math.ceil(since / HOUR_MS), firstFullDay: Math.ceil(since / DAY_MS) });

  /** Totals since a time, grouped by a column. */
  function aggregate(since: number, key: GroupColumn, orderBy: string, filter?: TotalsFilter): UsageGroup[] {
    const part = windowParts(key, undefined, filter);
    const hoursBeforeFirstDay = `${part.hourly} AND hour < @firstFullDay * 24`;
    const sql = `${part.grouped(`${part.daily} UNION ALL ${hoursBeforeFirstDay} UNION ALL ${part.raw}`)} ORDER BY ${orderBy}`;
    return db.prepare(sql).all({ ...windowBounds(since), ...part.params }) as UsageGroup[];
  }

  const lastCallTs = db.prepare<[], { ts: number | null }>('SELECT max(ts) AS ts FROM usage_calls');

  /**
   * Totals per local bucket of a plan (and per `sub`): whole hours summed per hour in key order
   * (a month is about 720 rows a group) and given their run's bucket here; runs of quarter hours
   * and the remaining pieces of calls summed per bucket by the database (they are few).
   */
  function localTotals(plan: LocalBucketPlan, sub?: GroupColumn, filter?: TotalsFilter): (UsageGroup & { sub?: string })[] {
    const rows: (UsageGroup & { sub?: string })[] = [];
    if (plan.hours.length) {
      const part = windowParts(HOUR_KEY, sub, filter);
      const hourly = db.prepare(`${part.grouped(part.hourly)} ORDER BY key`).all({ firstFullHour: plan.hours[0][0], ...part.params }) as (UsageGroup & { sub?: string })[];
      let run = 0;
      for (const row of hourly) {
        const hour = Number(row.key);
        while (run < plan.hours.length && plan.hours[run][1] <= hour) run++;
        if (run < plan.hours.length && plan.hours[run][0] <= hour) rows.push({ ...row, key: String(plan.hours[run][2]) });
      }
    }
    if (plan.quarters.length || plan.pieces.length) {
      const part = windowParts(RUN_KEY, sub, filter);
      const runs = { quarters: JSON.stringify(plan.quarters), pieces: JSON.stringify(plan.pieces) };
      rows.push(...(db.prepare(`WITH ${RUNS} ${part.grouped(part.runs)}`).all({ ...runs, ...part.params }) as (UsageGroup & { sub?: string })[]));
    }
    return rows;
  }

  /**
   * Totals per local day or hour (and per `sub`), from the totals tables and the calls as
   * planLocalBuckets says, summed per label here rather than with SQLite's localtime, which is far
   * slower over a month of hourly rows.
   */
  const byLocalTime = db.transaction((since: number, bucket: LocalBucket, sub?: GroupColumn, filter?: TotalsFilter) => {
    const last = lastCallTs.get()!.ts;
    if (last === null || last < since) return [];
    const rows = localTotals(planLocalBuckets(since, (Math.floor(last / HOUR_MS) + 1) * HOUR_MS, bucket), sub, filter);

    const merged = new Map<string, UsageGroup & { bucket: string }>();
    for (const row of rows) {
      const label = localBucketLabel(bucket, Number(row.key));
      const key = row.sub ?? '';
      const id = `${label}\u0000${key}`;
      const into = merged.get(id);
      if (into) sumInto(into, row);
      else merged.set(id, { bucket: label, key, ...pickTotals(row) });
    }
    return [...merged.values()].sort((a, b) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : a.key < b.key ? -1 : 1));
  });

  function summary(since: number, by: UsageGrouping, filter?: TotalsFilter): UsageGroup[] {
    if (by !== 'day') return aggregate(since, GROUP_COLUMN[by], 'costUsd DESC, calls DESC', filter);
    return byLocalTime(since, 'day', undefined, filter).map(({ bucket, key: _key, ...totals }) => ({ key: bucket, ...totals }));
  }

  /** Per local hour or day, optionally split by a grouping (then `key` is the group), of the calls `filter` narrows to. */
  const timeseries = (since: number, bucket: LocalBucket, by?: Exclude<UsageGrouping, 'day'>, filter?: TotalsFilter): (UsageGroup & { bucket: string })[] =>
    byLocalTime(since, bucket, by ? GROUP_COLUMN[by] : undefined, filter);

  /** Each call's timings since a time, per provider. A cancelled call's time is the client's patience, not the provider's speed: left out. */
  function latencyRows(since: number, filter?: TotalsFilter) {
    const { where, params } = totalsWhere(filter, 'raw');
    return db
      .prepare(
        `SELECT provider, total_ms, ttfb_ms, ${FAILED_SQL} AS failed
         FROM usage_calls WHERE ts >= @since AND provider IS NOT NULL AND error_class IS NOT '${CANCELLED}'${where} ORDER BY provider`,
      )
      .all({ since, ...params }) as { provider: string; total_ms: number; ttfb_ms: number | null; failed: number }[];
  }

  /**
   * The models that served calls asking for `filter.model` under another name (a route's mapping), each
   * with its number of calls: the calls a narrowing to that model, which is the served model, leaves out.
   * Read from the index of such calls alone (migration 13).
   */
  function servedInstead(filter: CallFilter & { model: string }): { model: string; calls: number }[] {
    const { where, params } = callWhere({ ...filter, model: undefined });
    return db
      .prepare(
        `SELECT served_model AS model, count(*) AS calls FROM usage_calls
         WHERE ${where} AND requested_model = @requested AND served_model IS NOT requested_model
         GROUP BY served_model ORDER BY calls DESC, model`,
      )
      .all({ ...params, requested: filter.model }) as { model: string; calls: number }[];
  }

  /** How many calls a filter (as callWhere gives it) matches. */
  const countCalls = (where: string, params: Record<string, unknown>): number =>
    (db.prepare(`SELECT count(*) AS n FROM usage_calls WHERE ${where}`).get(params) as { n: number }).n;

  function calls(filter: CallFilter, limit: number, offset: number): { total: number; rows: StoredCall[] } {
    const { where, params } = callWhere(filter);
    const total = countCalls(where, params);
    const rows = db
      .prepare(`SELECT * FROM usage_calls WHERE ${where} ORDER BY ts DESC, id DESC LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit, offset }) as CallRow[];
    return { total, rows: rows.map(fromRow) };
  }

  /**
   * The figures of the latest `limit` calls through one provider, and how many calls match. Rows
   * come as arrays (a named object per row from the driver costs more than the read), one more
   * than the limit to tell whether there are more; only then are they counted.
   */
  function callFigures(filter: CallFilter & { provider: string }, limit: number): { total: number; rows: CallFigures[] } {
    const { where, params } = callWhere(filter);
    const read = db
      .prepare(`SELECT ${FIGURE_COLUMNS} FROM usage_calls WHERE ${where} ORDER BY ts DESC, id DESC LIMIT @limit`)
      .raw()
      .all({ ...params, limit: limit + 1 }) as FigureRow[];
    const rows = read.slice(0, limit).map((row) => fromFigureRow(row, filter.provider));
    if (read.length <= limit) return { total: rows.length, rows };
    const total = countCalls(where, params);
    return { total, rows };
  }

  const byId = db.prepare<[number], CallRow>('SELECT * FROM usage_calls WHERE id = ?');
  const anyCallOf = db.prepare<[string], 1>('SELECT 1 FROM usage_calls WHERE provider = ? LIMIT 1').pluck();
  const callProviders = db.prepare<[], string>('SELECT DISTINCT provider FROM usage_calls WHERE provider IS NOT NULL ORDER BY provider').pluck();

  return {
    insertMany,
    renameProvider,
    summary,
    timeseries,
    latencyRows,
    servedInstead,
    calls,
    callFigures,
    /** Whether the ledger holds a call under this provider name (a removed provider's history stays under its name). */
    hasCallsOf: (provider: string): boolean => anyCallOf.get(provider) !== undefined,
    /** Every provider name the ledger holds calls under. */
    providersWithCalls: (): string[] => callProviders.all(),
    call: (id: number): StoredCall | undefined => {
      const row = byId.get(id);
      return row && fromRow(row);
    },
  };
}

export type UsageRepo = ReturnType<typeof createUsageRepo>;
