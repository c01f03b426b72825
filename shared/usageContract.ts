import { callFailureSchema } from './callFailure';
import { CALL_ENDPOINTS } from './callEndpoint';
import * as z from './z';
import { lazily, lazyChannels } from './lazy';
import { clientSchema, noInputSchema, providerNameSchema } from './schemas';

/** The most calls one page of the calls list holds. */
export const MAX_LISTED_CALLS = 1000;

/** How totals group: endpoint keys '' for calls recorded before the ledger kept it. */
export const USAGE_GROUPINGS = ['model', 'provider', 'client', 'endpoint', 'day'] as const;
export type UsageGroupingName = (typeof USAGE_GROUPINGS)[number];

/** Which of a call's token counts the proxy estimated: all (the gateway reported no usage), or the output alone (a stream ended without its final output count). */
export const ESTIMATED_COUNTS = ['all', 'output'] as const;
export type EstimatedCounts = (typeof ESTIMATED_COUNTS)[number];

/** The usage, price and settings schemas, built when one of these channels is first used. */
const schemas = lazily(() => {
  /** A look-back window: "30m", "24h", "7d", "4w", "today", or an ISO date/time (see shared/since.ts). */
  const sinceSchema = z.string().trim().min(1).default('24h');

  const usageGroupingSchema = z.enum(USAGE_GROUPINGS);

  const totalsShape = {
    calls: z.number(),
    errors: z.number(),
    inputTokens: z.number(),
    outputTokens: z.number(),
    cacheReadTokens: z.number(),
    /** Every cache write, the 1-hour ones included. */
    cacheWriteTokens: z.number(),
    /** The part of cacheWriteTokens kept an hour (Anthropic), priced apart; 0 for calls recorded before it was kept. */
    cacheWrite1hTokens: z.number(),
    reasoningTokens: z.number(),
    /** USD of the priced calls, in whole millionths; `unpricedCalls` more calls had no price. */
    costUsd: z.number(),
    unpricedCalls: z.number(),
  };

  const usageGroupSchema = z.object({ key: z.string(), ...totalsShape });
  const usageTotalsSchema = z.object({ ...totalsShape, errorRate: z.number() });

  /** Narrows totals and latency as well as the calls list; absent fields match every call. */
  const totalsFilterShape = {
    client: clientSchema.optional(),
    provider: z.string().optional(),
    /** The model a call was served with (else the one requested): the model the totals group by. */
    model: z.string().optional(),
    endpoint: z.enum(CALL_ENDPOINTS).optional(),
  };

  const callFilterShape = {
    since: sinceSchema,
    ...totalsFilterShape,
    /** "error" is every failure, mid-stream ones included; "cancelled" the calls their client abandoned. */
    outcome: z.enum(['all', 'ok', 'error', 'cancelled']).default('all'),
  };

  const usageCallSchema = z.object({
    id: z.number(),
    ts: z.number(),
    requestId: z.string(),
    client: z.string(),
    provider: z.string().nullable(),
    requestedModel: z.string().nullable(),
    servedModel: z.string().nullable(),
    protocolIn: z.string(),
    protocolOut: z.string().nullable(),
    streamed: z.boolean(),
    status: z.number(),
    errorClass: z.string().nullable(),
    errorMessage: z.string().nullable(),
    /** errorMessage as a code and its figures, for the dashboard to word in its language; null where the proxy did not word it (and for calls before it kept them). */
    failure: callFailureSchema.nullable(),
    inputTokens: z.number(),
    outputTokens: z.number(),
    cacheReadTokens: z.number(),
    cacheWriteTokens: z.number(),
    /** The part of cacheWriteTokens kept an hour (Anthropic), priced apart; 0 for calls recorded before it was kept. */
    cacheWrite1hTokens: z.number(),
    reasoningTokens: z.number(),
    /** True when any count is the proxy's estimate; estimatedCounts says which. */
    estimated: z.boolean(),
    /** Null when every count is the gateway's. Rows from before this was recorded say "all" when estimated. */
    estimatedCounts: z.enum(ESTIMATED_COUNTS).nullable(),
    ttfbMs: z.number().nullable(),
    totalMs: z.number(),
    attempts: z.number(),
    failedProviders: z.array(z.string()),
    upstreamRequestId: z.string().nullable(),
    /** Null: the call used tokens that have no price (shown as "no price", never $0). Unrounded: a call may cost less than a millionth. */
    costUsd: z.number().nullable(),
    /** The proxy endpoint called; null for rows recorded before the ledger kept it. */
    endpoint: z.enum(CALL_ENDPOINTS).nullable(),
  });

  const priceSchema = z.object({
    provider: z.string(),
    model: z.string(),
    /** USD per million tokens. */
    input: z.number(),
    output: z.number(),
    /** Null when unset: cached tokens of the model then have no price. */
    cacheRead: z.number().nullable(),
    cacheWrite: z.number().nullable(),
    /** A 1-hour cache write; null when unset: twice the input price, where cacheWrite is set. */
    cacheWrite1h: z.number().nullable(),
    /** What a 1-hour cache write costs: cacheWrite1h, else the default of twice the input price; null: no price (cacheWrite unset). */
    cacheWrite1hCharged: z.number().nullable(),
    source: z.string(),
    updatedAt: z.number(),
  });

  const perMillion = z.number().min(0);

  const settingsSchema = z.object({
    proxyPort: z.number().int().min(1).max(65535),
    allowedOrigins: z.array(z.string()),
    connectTimeoutMs: z.number().int().min(100),
    /** Streams: longest wait for the first byte and between chunks. */
    firstByteTimeoutMs: z.number().int().min(100),
    /** Non-streamed calls: longest wait for the whole answer (a gateway sends nothing until it is done). */
    responseTimeoutMs: z.number().int().min(100),
    retryAfterCapMs: z.number().int().min(0),
    breakerThreshold: z.number().int().min(1),
    breakerCoolDownMs: z.number().int().min(100),
    /** Keep a usage ledger row per proxied call (tokens, cost, timings; never prompts or keys). */
    recordUsage: z.boolean(),
    startAtLogin: z.boolean(),
    theme: z.enum(['system', 'light', 'dark']),
    language: z.enum(['system', 'en', 'zh-CN']),
  });
  return { sinceSchema, usageGroupingSchema, usageGroupSchema, usageTotalsSchema, totalsFilterShape, callFilterShape, usageCallSchema, priceSchema, perMillion, settingsSchema };
});

type UsageSchemas = ReturnType<typeof schemas>;
export type UsageCall = z.infer<UsageSchemas['usageCallSchema']>;
export type Settings = z.infer<UsageSchemas['settingsSchema']>;
/** The settings, with their limits (built on first use). */
export const getSettingsSchema = (): UsageSchemas['settingsSchema'] => schemas().settingsSchema;

/** Channels of the usage ledger, prices and settings; joined into the one contract. */
export const usageContract = lazyChannels(schemas, {
  'usage.summary': ({ sinceSchema, usageGroupingSchema, usageGroupSchema, usageTotalsSchema, totalsFilterShape }) => ({
    input: z.object({ since: sinceSchema, by: usageGroupingSchema.default('model'), ...totalsFilterShape }),
    output: z.object({ since: z.number(), by: usageGroupingSchema, totals: usageTotalsSchema, groups: z.array(usageGroupSchema) }),
  }),
  'usage.timeseries': ({ sinceSchema, usageGroupSchema, totalsFilterShape }) => ({
    input: z.object({
      since: sinceSchema,
      bucket: z.enum(['hour', 'day']).default('day'),
      by: z.enum(['model', 'provider', 'client', 'endpoint']).optional(),
      ...totalsFilterShape,
    }),
    output: z.array(usageGroupSchema.extend({ bucket: z.string() })),
  }),
  'usage.latency': ({ sinceSchema, totalsFilterShape }) => ({
    input: z.object({ since: sinceSchema, ...totalsFilterShape }),
    output: z.array(
      z.object({
        provider: z.string(),
        calls: z.number(),
        errors: z.number(),
        errorRate: z.number(),
        p50Ms: z.number().nullable(),
        p95Ms: z.number().nullable(),
        ttfbP50Ms: z.number().nullable(),
        ttfbP95Ms: z.number().nullable(),
      }),
    ),
  }),
  'usage.calls': ({ callFilterShape, usageCallSchema }) => ({
    input: z.object({ ...callFilterShape, limit: z.number().int().min(1).max(MAX_LISTED_CALLS).default(100), offset: z.number().int().min(0).default(0) }),
    output: z.object({ total: z.number(), rows: z.array(usageCallSchema) }),
  }),
  'usage.exportCsv': ({ callFilterShape }) => ({
    input: z.object(callFilterShape),
    output: z.object({ rows: z.number(), csv: z.string() }),
  }),
  /** The models that served calls asking for `model` under another name (a route's mapping): what narrowing to `model` leaves out. */
  'usage.servedInstead': ({ callFilterShape }) => ({
    input: z.object({ ...callFilterShape, model: z.string().min(1) }),
    output: z.array(z.object({ model: z.string(), calls: z.number() })),
  }),
  /** A copy-ready text about one call for the gateway's support: ids, model, provider, status; never a key or prompt. */
  'usage.diagnostic': () => ({ input: z.object({ id: z.number().int() }), output: z.object({ text: z.string() }) }),
  'prices.list': ({ priceSchema }) => ({ input: z.object({ provider: providerNameSchema.optional() }), output: z.array(priceSchema) }),
  'prices.set': ({ priceSchema, perMillion }) => ({
    input: z.object({
      provider: providerNameSchema,
      model: z.string().trim().min(1),
      input: perMillion,
      output: perMillion,
      cacheRead: perMillion.optional(),
      cacheWrite: perMillion.optional(),
      /** Absent: keeps the earlier 1-hour price's ratio to input; null: back to the default, twice the input price. */
      cacheWrite1h: perMillion.nullable().optional(),
    }),
    output: priceSchema,
  }),
  'prices.remove': () => ({
    input: z.object({ provider: providerNameSchema, model: z.string().trim().min(1) }),
    /** removed is always true (a price that is not there is refused, not_found); it stays for scripts that read it. */
    output: z.object({ provider: z.string(), model: z.string(), removed: z.literal(true) }),
  }),
  /** Reads the gateway's public /api/pricing (new-api) into the price table; with `group`, sets the provider's group ratio from it. */
  'prices.sync': () => ({
    input: z.object({ provider: providerNameSchema, group: z.string().trim().min(1).optional() }),
    output: z.object({ provider: z.string(), imported: z.number(), perCall: z.array(z.string()), groupRatio: z.number().nullable() }),
  }),
  'settings.get': ({ settingsSchema }) => ({ input: noInputSchema, output: settingsSchema }),
  'settings.set': ({ settingsSchema }) => ({ input: settingsSchema.partial(), output: settingsSchema }),
});
