// A usage query over 1,000,000 generated ledger rows must answer in under 100 ms per grouping, and
// so must a page of the calls list, filtered as the dashboard and `usage --calls` filter it.
import path from 'node:path';
import type { CallEndpoint } from '../shared/callEndpoint';
import { openDatabase } from '../electron/core/store/db';
import { createUsageRepo, type CallFilter, type UsageGrouping, type UsageRecord } from '../electron/core/store/usage';
import { NO_PRICE } from '../electron/core/usage/cost';

const ROWS = 1_000_000;
/** The ledger's file in the bench's data folder, kept after the queries for the upgrade bench. */
export const LEDGER_BENCH_FILE = 'ledger-bench.db';
const BATCH = 10_000;
const SPAN_MS = 30 * 86_400_000;
const HALF_HOUR_ZONE = 'Asia/Kolkata';
const MAPPED_FROM = 'claude-sonnet-4';
/** Each tool's own endpoint, and embeddings for two of the models. */
const CLIENT_ENDPOINT: Record<string, CallEndpoint> = { claude: 'messages', codex: 'responses', hermes: 'chat', chat: 'chat' };

export interface CallsPageResult {
  filter: string;
  ms: number;
  calls: number;
  pass: boolean;
}

export interface QueryResult {
  /** The grouping, or what else was asked. */
  grouping: string;
  since: string;
  ms: number;
  groups: number;
  calls: number;
  pass: boolean;
}

/** Fills a fresh database with a month of calls across clients, providers and models, then times each grouping. */
export function benchLedgerQueries(home: string): { insertSeconds: number; results: QueryResult[]; callsPages: CallsPageResult[] } {
  const db = openDatabase(path.join(home, LEDGER_BENCH_FILE));
  const repo = createUsageRepo(db);
  const now = Date.now();
  const clients = ['claude', 'codex', 'hermes', 'chat'];
  const providers = ['bitliquid', 'openbili', 'ai-bridge', 'openrouter', 'deepseek'];
  const models = Array.from({ length: 24 }, (_, i) => `model-${i}`);
  const insertStarted = performance.now();
  for (let start = 0; start < ROWS; start += BATCH) {
    const batch: UsageRecord[] = [];
    for (let i = start; i < start + BATCH; i++) {
      const model = models[i % models.length];
      const client = clients[i % clients.length];
      // One call in ten asked for another name that a route's mapping served as this model.
      const requestedModel = i % 10 === 0 ? MAPPED_FROM : model;
      batch.push({
        ts: now - SPAN_MS + Math.floor((i / ROWS) * SPAN_MS),
        requestId: `sb_${i}`,
        client,
        provider: providers[(i >> 3) % providers.length],
        requestedModel,
        servedModel: model,
        endpoint: i % models.length >= models.length - 2 ? 'embeddings' : CLIENT_ENDPOINT[client],
        protocolIn: 'anthropic',
        protocolOut: 'chat',
        streamed: true,
        status: i % 50 === 0 ? 502 : 200,
        errorClass: i % 50 === 0 ? 'connection' : null,
        inputTokens: 1000 + (i % 700),
        outputTokens: 200 + (i % 300),
        cacheReadTokens: i % 3 === 0 ? 5000 : 0,
        cacheWriteTokens: 0,
        reasoningTokens: 0,
        estimatedCounts: null,
        ttfbMs: 300 + (i % 900),
        totalMs: 1500 + (i % 4000),
        attempts: 1,
        failedProviders: [],
        upstreamRequestId: null,
        costUsd: 0.001,
        price: NO_PRICE,
      });
    }
    repo.insertMany(batch);
  }
  const insertSeconds = (performance.now() - insertStarted) / 1000;
  const results: QueryResult[] = [];
  /** Times a query's second run (the first warms the page cache). */
  const timed = (grouping: string, since: string, query: () => { calls: number }[]) => {
    query();
    const t0 = performance.now();
    const groups = query();
    const ms = performance.now() - t0;
    results.push({ grouping, since, ms: +ms.toFixed(2), groups: groups.length, calls: groups.reduce((n, g) => n + g.calls, 0), pass: ms < 100 });
  };
  const time = (since: string, from: number, grouping: UsageGrouping) => timed(grouping, since, () => repo.summary(from, grouping));
  for (const [since, from] of [['30d', now - SPAN_MS], ['7d, mid-hour', now - 7 * 86_400_000 - 1_234_567]] as const) {
    for (const grouping of ['model', 'provider', 'client', 'endpoint', 'day'] as const) time(since, from, grouping);
  }
  // usage --model: the totals of one served model, and the calls that asked for a name mapped away (the line under them).
  timed('model, --model model-3', '30d', () => repo.summary(now - SPAN_MS, 'model', { model: 'model-3' }));
  timed(`mapped away from --model ${MAPPED_FROM}`, '30d', () => repo.servedInstead({ since: now - SPAN_MS, outcome: 'all', model: MAPPED_FROM }));
  // Local days in a half-hour zone do not fall on UTC hours: the hour around each midnight is read per quarter hour.
  const zone = process.env.TZ;
  process.env.TZ = HALF_HOUR_ZONE;
  try {
    time(`30d, ${HALF_HOUR_ZONE}`, now - SPAN_MS, 'day');
  } finally {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  }
  // The newest 50 calls of 30 days and how many match, as the calls list asks for them.
  const callsPages: CallsPageResult[] = [];
  const filters: [string, Partial<CallFilter>][] = [
    ['none', {}],
    ['provider', { provider: providers[0] }],
    ['client', { client: clients[0] }],
    ['model', { model: models[3] }],
    ['failed', { outcome: 'error' }],
    ['a provider without calls', { provider: 'none-such' }],
  ];
  for (const [name, filter] of filters) {
    const page = () => repo.calls({ since: now - SPAN_MS, outcome: 'all', ...filter }, 50, 0);
    page();
    const t0 = performance.now();
    const { total } = page();
    const ms = performance.now() - t0;
    callsPages.push({ filter: name, ms: +ms.toFixed(2), calls: total, pass: ms < 100 });
  }
  db.close();
  return { insertSeconds, results, callsPages };
}
