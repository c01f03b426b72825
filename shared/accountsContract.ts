import * as z from './z';
import { lazily, lazyChannels } from './lazy';
import { apiKeySchema, noInputSchema, protocolSchema, providerNameSchema, providerSchema, remedySchema } from './schemas';

/** Where an account's balance and keys come from. */
export const ACCOUNT_KINDS = ['new-api', 'one-api', 'openrouter', 'deepseek', 'moonshot', 'siliconflow'] as const;

export const KEY_STATUSES = ['enabled', 'disabled', 'expired', 'exhausted', 'unknown'] as const;

export const AUDIT_ISSUES = ['not_made_by_proxy', 'billed_failed_call', 'billed_twice', 'tokens_differ', 'model_differs', 'charge_differs', 'not_billed'] as const;

/** The accounts, keys, logs and audit schemas, built when one of these channels is first used. */
const schemas = lazily(() => {
  const accountKindSchema = z.enum(ACCOUNT_KINDS);

  /** How Switchboard signs in: a console password (new-api may add a 2FA step), a console access token, or an sk- key alone. */
  const accountAuthSchema = z.enum(['password', 'access-token', 'key']);

  const accountNameSchema = z
    .string()
    .trim()
    .min(1, 'An account needs a name.')
    .max(64, 'An account name is at most 64 characters.')
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'An account name uses letters, digits, dot, dash and underscore, and starts with a letter or digit.');

  /** A look-back window: "30m", "24h", "7d", "4w", "today", or an ISO date/time. */
  const windowSchema = (fallback: string) => z.string().trim().min(1).default(fallback);

  const accountSchema = z.object({
    id: z.number().int(),
    name: z.string(),
    kind: accountKindSchema,
    /** The gateway's site root (console and billing paths are appended to it). */
    baseUrl: z.string(),
    auth: accountAuthSchema,
    username: z.string().nullable(),
    userId: z.number().int().nullable(),
    /** The stored credential, masked (password, access token or key). */
    credential: z.string(),
    /** A balance below this (in the account's currency) is reported as low. */
    lowBalanceThreshold: z.number().nullable(),
    /** Providers created from this account's keys ("use this key"). */
    providers: z.array(z.string()),
    createdAt: z.number(),
    updatedAt: z.number(),
  });

  const accountAddSchema = z.object({
    name: accountNameSchema,
    kind: accountKindSchema.default('new-api'),
    /** Optional for OpenRouter, DeepSeek, Moonshot and SiliconFlow, which have one well-known address. */
    baseUrl: z.string().trim().min(1).optional(),
    username: z.string().trim().min(1).optional(),
    password: z.string().min(1).optional(),
    /** new-api's two-factor code (TOTP or a backup code), needed only when the gateway asks. */
    otp: z.string().trim().min(1).optional(),
    accessToken: z.string().trim().min(1).optional(),
    userId: z.number().int().positive().optional(),
    key: apiKeySchema.optional(),
    lowBalanceThreshold: z.number().nonnegative().optional(),
  });

  const balanceSchema = z.object({
    account: z.string(),
    kind: accountKindSchema,
    remaining: z.number(),
    used: z.number(),
    /** 'USD', 'CNY', 'TOKENS' when the gateway shows raw quota, or the symbol of new-api's custom display currency. */
    currency: z.string(),
    /** True when the gateway grants this credential unlimited quota (remaining is then meaningless). */
    unlimited: z.boolean(),
    readAt: z.number(),
    low: z.boolean(),
    threshold: z.number().nullable(),
    /** The endpoint the figure was read from, e.g. "/api/user/self". */
    source: z.string(),
    /**
     * Every currency the account holds, when the source reports several (DeepSeek: yuan and dollars),
     * each held against the threshold on its own. Then remaining and currency above are the first
     * that is not low, and the account is low only when all of them are.
     */
    holdings: z.array(z.object({ currency: z.string(), remaining: z.number(), low: z.boolean() })).optional(),
    /**
     * Set when the source itself says the balance cannot pay for calls (DeepSeek's is_available: false):
     * the account is then low whatever its figures and threshold.
     */
    cannotPay: z.literal(true).optional(),
  });

  /** `remedy` is the way out, said by each edge in its own terms (see shared/remedy.ts). */
  const balanceFailureSchema = z.object({ account: z.string(), code: z.string(), message: z.string(), remedy: remedySchema.optional() });


  const gatewayKeySchema = z.object({
    id: z.number().int(),
    name: z.string(),
    /** Always masked; the whole key only comes from accounts.keys.reveal. */
    key: z.string(),
    status: z.enum(KEY_STATUSES),
    /** Remaining and used quota in the account's currency. */
    remaining: z.number(),
    used: z.number(),
    currency: z.string(),
    unlimited: z.boolean(),
    /** Milliseconds since the epoch, null = never expires. */
    expiresAt: z.number().nullable(),
    /** The key's billing group ('' = the user's own group; one-api has none). */
    group: z.string(),
    /** Models the key may call; empty = all. */
    models: z.array(z.string()),
    createdAt: z.number(),
    accessedAt: z.number().nullable(),
  });

  /** A key by its id on the gateway or by its name. */
  const keyRefSchema = z.union([z.number().int().positive(), z.string().trim().min(1)]);
  const keyTarget = { account: accountNameSchema, key: keyRefSchema };

  const keyCreateSchema = z.object({
    account: accountNameSchema,
    name: z.string().trim().min(1, 'A key needs a name.').max(50, 'A key name is at most 50 characters.'),
    /** Quota in the account's currency; omit (or set unlimited) for no cap. */
    quota: z.number().nonnegative().optional(),
    unlimited: z.boolean().default(false),
    /** Milliseconds since the epoch; omit for never. */
    expiresAt: z.number().int().positive().optional(),
    group: z.string().trim().optional(),
    models: z.array(z.string().trim().min(1)).optional(),
  });

  const gatewayLogSchema = z.object({
    id: z.number(),
    ts: z.number(),
    type: z.enum(['topup', 'consume', 'manage', 'system', 'error', 'unknown']),
    model: z.string(),
    tokenName: z.string(),
    promptTokens: z.number(),
    completionTokens: z.number(),
    /** Raw quota units charged. */
    quota: z.number(),
    /** The charge in the account's currency. */
    amount: z.number(),
    stream: z.boolean(),
    /** Seconds the gateway took. */
    useTime: z.number(),
    group: z.string(),
    requestId: z.string(),
    content: z.string(),
  });

  const logsInputSchema = z.object({
    account: accountNameSchema,
    since: windowSchema('24h'),
    model: z.string().trim().min(1).optional(),
    tokenName: z.string().trim().min(1).optional(),
    page: z.number().int().positive().default(1),
    pageSize: z.number().int().positive().max(100).default(50),
  });

  const groupSchema = z.object({ name: z.string(), ratio: z.number(), description: z.string(), current: z.boolean() });

  const modelPricingSchema = z.object({
    model: z.string(),
    /** USD per million tokens at group ratio 1; null for models billed per call. */
    input: z.number().nullable(),
    output: z.number().nullable(),
    cacheRead: z.number().nullable(),
    cacheWrite: z.number().nullable(),
    /** USD per call at group ratio 1, for models billed per call. */
    perCall: z.number().nullable(),
    groups: z.array(z.string()),
  });

  const auditIssueSchema = z.enum(AUDIT_ISSUES);

  const auditSideSchema = z.object({
    ts: z.number(),
    model: z.string(),
    inputTokens: z.number(),
    outputTokens: z.number(),
    /** USD: what the gateway charged, or what the ledger's price snapshot says the call cost. */
    costUsd: z.number(),
    requestId: z.string(),
  });

  // What the audit says about a call, as a code and its figures: the command line words it in
  // English (shared/auditSentences.ts), the dashboard in the chosen language. Token counts are the
  // prompt (cached tokens included) and completion counts; amounts are USD.
  const count = z.number();
  const auditNoteSchema = z.discriminatedUnion('code', [
    z.object({ code: z.literal('model_differs'), billedModel: z.string(), proxyModel: z.string() }),
    z.object({ code: z.literal('billed_failed_call'), billedUsd: z.number() }),
    /** A call cut short (its client left, or its stream broke off): the proxy's count stops where the call did. */
    z.object({ code: z.enum(['client_left', 'stream_broke_off']), proxyCompletion: count, billedCompletion: count }),
    /** The gateway reported no usage: the proxy's counts are estimates. */
    z.object({ code: z.literal('counts_estimated'), proxyPrompt: count, proxyCompletion: count, billedPrompt: count, billedCompletion: count }),
    /** The gateway's stream ended without its final completion count: that one count is the proxy's estimate. */
    z.object({ code: z.literal('completion_estimated'), proxyPrompt: count, proxyCompletion: count, billedCompletion: count }),
    z.object({ code: z.literal('prompt_differs'), billedPrompt: count, proxyPrompt: count }),
    z.object({ code: z.literal('tokens_differ'), billedPrompt: count, billedCompletion: count, proxyPrompt: count, proxyCompletion: count }),
    z.object({ code: z.literal('charge_differs'), billedUsd: z.number(), expectedUsd: z.number() }),
    z.object({ code: z.literal('billed_twice'), requestId: z.string(), model: z.string() }),
    z.object({ code: z.literal('not_made_by_proxy'), model: z.string() }),
    z.object({ code: z.literal('not_billed'), model: z.string(), provider: z.string() }),
  ]);

  const auditCallSchema = z.object({
    gateway: auditSideSchema.nullable(),
    /** costUsd null: the ledger has no price for the call, so its charge cannot be judged. */
    ledger: auditSideSchema.extend({ costUsd: z.number().nullable(), requestedModel: z.string().nullable(), provider: z.string() }).nullable(),
    issues: z.array(auditIssueSchema),
    /** One note per issue, in the same order, then any the call needs beyond them (a count the proxy could not check). */
    notes: z.array(auditNoteSchema),
  });

  const auditDaySchema = z.object({
    /** Local date, YYYY-MM-DD. */
    day: z.string(),
    gatewayCalls: z.number(),
    ledgerCalls: z.number(),
    matched: z.number(),
    discrepancies: z.number(),
    /** Matched calls without a price in the ledger: the audit cannot judge their charge (nor count them in expectedUsd). */
    unpricedCalls: z.number(),
    billedUsd: z.number(),
    expectedUsd: z.number(),
    /** billed - expected over calls whose charge differs, plus the whole bill of every call the proxy never made. */
    overchargeUsd: z.number(),
  });

  const auditReportSchema = z.object({
    account: z.string(),
    from: z.number(),
    to: z.number(),
    /** Ledger providers the audit compared with (the account's providers). */
    providers: z.array(z.string()),
    /**
     * Why the report leaves calls out, null when it holds them all: the gateway listed more logs than
     * the audit reads (how many it read, and how many the gateway has; null: it did not say), or a
     * provider's ledger holds more calls (in the window and the day before it) than the audit reads.
     */
    incomplete: z
      .object({
        logs: z.object({ read: z.number(), total: z.number().nullable() }).nullable(),
        ledger: z.array(z.object({ provider: z.string(), read: z.number(), total: z.number() })),
      })
      .nullable(),
    /** Which lists the audit read only in part: the gateway's logs, the ledger (of any provider), or both. */
    cut: z.object({ logs: z.boolean(), ledger: z.boolean() }),
    calls: z.array(auditCallSchema),
    days: z.array(auditDaySchema),
    totals: z.object({
      gatewayCalls: z.number(),
      ledgerCalls: z.number(),
      matched: z.number(),
      discrepancies: z.number(),
      unpricedCalls: z.number(),
      byIssue: z.record(z.string(), z.number()),
      billedUsd: z.number(),
      expectedUsd: z.number(),
      overchargeUsd: z.number(),
    }),
  });

  const byAccount = z.object({ account: accountNameSchema });
  return { accountKindSchema, accountAuthSchema, accountNameSchema, windowSchema, accountSchema, accountAddSchema, balanceSchema, balanceFailureSchema, gatewayKeySchema, keyRefSchema, keyTarget, keyCreateSchema, gatewayLogSchema, logsInputSchema, groupSchema, modelPricingSchema, auditIssueSchema, auditNoteSchema, auditSideSchema, auditCallSchema, auditDaySchema, auditReportSchema, byAccount };
});

type AccountsSchemas = ReturnType<typeof schemas>;
export type AccountKind = z.infer<AccountsSchemas['accountKindSchema']>;
export type AccountAuth = z.infer<AccountsSchemas['accountAuthSchema']>;
export type AccountView = z.infer<AccountsSchemas['accountSchema']>;
export type AccountAddInput = z.infer<AccountsSchemas['accountAddSchema']>;
export type Balance = z.infer<AccountsSchemas['balanceSchema']>;
export type GatewayKey = z.infer<AccountsSchemas['gatewayKeySchema']>;
export type KeyCreateInput = z.infer<AccountsSchemas['keyCreateSchema']>;
export type GatewayLog = z.infer<AccountsSchemas['gatewayLogSchema']>;
export type AuditIssue = z.infer<AccountsSchemas['auditIssueSchema']>;
export type AuditNote = z.infer<AccountsSchemas['auditNoteSchema']>;
export type AuditCall = z.infer<AccountsSchemas['auditCallSchema']>;
export type AuditReport = z.infer<AccountsSchemas['auditReportSchema']>;
/** A new account's fields, checked (built on first use). */
export const getAccountAddSchema = (): AccountsSchemas['accountAddSchema'] => schemas().accountAddSchema;

/** Gateway accounts: balance, keys, logs, groups, pricing, and the billing audit. */
export const accountsContract = lazyChannels(schemas, {
  'accounts.list': ({ accountSchema }) => ({ input: noInputSchema, output: z.array(accountSchema) }),
  'accounts.add': ({ accountSchema, accountAddSchema }) => ({ input: accountAddSchema, output: accountSchema }),
  /** Signs in again (a new 2FA code) or replaces the stored credential; the old one stays until the new one works. */
  'accounts.login': ({ accountNameSchema, accountSchema }) => ({
    input: z.object({
      name: accountNameSchema,
      password: z.string().min(1).optional(),
      otp: z.string().trim().min(1).optional(),
      accessToken: z.string().trim().min(1).optional(),
      key: apiKeySchema.optional(),
    }),
    output: accountSchema,
  }),
  'accounts.remove': ({ accountNameSchema }) => ({ input: z.object({ name: accountNameSchema }), output: z.object({ removed: z.string() }) }),
  /** One account's balance (name given) or every account's; failures of some accounts do not hide the others. */
  'accounts.balance': ({ accountNameSchema, balanceSchema, balanceFailureSchema }) => ({
    input: z.object({ name: accountNameSchema.optional() }),
    output: z.object({ balances: z.array(balanceSchema), failures: z.array(balanceFailureSchema) }),
  }),
  'accounts.setThreshold': ({ accountNameSchema, accountSchema }) => ({
    input: z.object({ name: accountNameSchema, threshold: z.number().nonnegative().nullable() }),
    output: accountSchema,
  }),
  /** The keys alone, kept for callers of this shape: on a very long list they are only its start (accounts.keys.listing says so). */
  'accounts.keys.list': ({ gatewayKeySchema, byAccount }) => ({ input: byAccount, output: z.array(gatewayKeySchema) }),
  /** The keys, and `partial`: one sentence when the gateway lists more than Switchboard read (null when they are all there). */
  'accounts.keys.listing': ({ gatewayKeySchema, byAccount }) => ({ input: byAccount, output: z.object({ keys: z.array(gatewayKeySchema), partial: z.string().nullable() }) }),
  'accounts.keys.create': ({ gatewayKeySchema, keyCreateSchema }) => ({ input: keyCreateSchema, output: gatewayKeySchema }),
  'accounts.keys.setEnabled': ({ gatewayKeySchema, keyTarget }) => ({ input: z.object({ ...keyTarget, enabled: z.boolean() }), output: gatewayKeySchema }),
  'accounts.keys.delete': ({ keyTarget }) => ({ input: z.object(keyTarget), output: z.object({ deleted: z.number(), name: z.string() }) }),
  /** The key in its new group, and the providers made from it, now priced at that group's ratio. */
  'accounts.keys.setGroup': ({ gatewayKeySchema, keyTarget }) => ({
    input: z.object({ ...keyTarget, group: z.string().trim() }),
    output: gatewayKeySchema.extend({ repriced: z.array(z.object({ provider: z.string(), groupRatio: z.number() })) }),
  }),
  /** The one channel that returns a whole key. */
  'accounts.keys.reveal': ({ keyTarget }) => ({ input: z.object(keyTarget), output: z.object({ id: z.number(), name: z.string(), key: z.string() }) }),
  /** Creates or updates a Switchboard provider from a key, group ratio included. */
  'accounts.keys.use': ({ keyTarget }) => ({
    input: z.object({
      ...keyTarget,
      /** Provider name; default: the account's name. */
      provider: providerNameSchema.optional(),
      protocols: z.array(protocolSchema).min(1).optional(),
      models: z.array(z.string().trim().min(1)).optional(),
    }),
    output: z.object({ provider: providerSchema, created: z.boolean(), groupRatio: z.number() }),
  }),
  'accounts.logs': ({ gatewayLogSchema, logsInputSchema }) => ({
    input: logsInputSchema,
    output: z.object({
      items: z.array(gatewayLogSchema),
      page: z.number(),
      pageSize: z.number(),
      /** null when the gateway does not say (one-api sends bare pages). */
      total: z.number().nullable(),
      currency: z.string(),
    }),
  }),
  'accounts.groups': ({ groupSchema, byAccount }) => ({ input: byAccount, output: z.array(groupSchema) }),
  /** The gateway's model prices; with apply (default), written into the price table of the account's providers. */
  'accounts.pricing': ({ accountNameSchema, modelPricingSchema }) => ({
    input: z.object({ account: accountNameSchema, apply: z.boolean().default(true) }),
    output: z.object({
      models: z.array(modelPricingSchema),
      groupRatios: z.record(z.string(), z.number()),
      applied: z.array(z.object({ provider: z.string(), models: z.number(), groupRatio: z.number() })),
    }),
  }),
  'audit.run': ({ accountNameSchema, windowSchema, auditReportSchema }) => ({
    input: z.object({
      account: accountNameSchema,
      since: windowSchema('7d'),
      /** Allowed token difference, as a fraction of the larger count (an absolute floor of 2 tokens applies). */
      tolerance: z.number().min(0).max(1).default(0.02),
    }),
    output: auditReportSchema,
  }),
});
