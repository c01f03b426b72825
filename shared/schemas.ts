import * as z from './z';
import { lazySchema } from './lazy';
import { providerMishapSchema } from './callFailure';
import type { Remedy } from './remedy';

/** An error's way out as a value, said by each edge in its own terms (see shared/remedy.ts). */
export const remedySchema = lazySchema(() => z.custom<Remedy>((v) => typeof v === 'object' && v !== null && 'kind' in v));

export const PROTOCOLS = ['chat', 'anthropic', 'responses'] as const;
export const protocolSchema = lazySchema(() => z.enum(PROTOCOLS));
export type Protocol = z.infer<typeof protocolSchema>;

/** Tools whose files Switchboard writes. */
export const TOOL_CLIENTS = ['claude', 'codex', 'hermes'] as const;
export const toolClientSchema = lazySchema(() => z.enum(TOOL_CLIENTS));
export type ToolClient = z.infer<typeof toolClientSchema>;

/** Everything that calls the proxy with its own token: the tools plus GUI chat clients. */
export const CLIENTS = [...TOOL_CLIENTS, 'chat'] as const;
export const clientSchema = lazySchema(() => z.enum(CLIENTS));
export type Client = z.infer<typeof clientSchema>;

export const modeSchema = lazySchema(() => z.enum(['direct', 'proxy']));

/** The input of a channel that takes none: an empty object, nothing more. */
export const noInputSchema = lazySchema(() => z.object({}).strict());
export type Mode = z.infer<typeof modeSchema>;

export const providerNameSchema = lazySchema(() =>
  z
    .string()
    .trim()
    .min(1, 'A provider needs a name.')
    .max(64, 'A provider name is at most 64 characters.')
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'A provider name uses letters, digits, dot, dash and underscore, and starts with a letter or digit.'),
);

/**
 * An API key as pasted: surrounding whitespace is dropped, but a space, tab, line break or control
 * character inside means the paste went wrong (two keys, a label, a wrapped line), so it is refused.
 */
export const apiKeySchema = lazySchema(() =>
  z
    .string()
    .trim()
    .min(1, 'A provider needs a key.')
    .regex(/^[^\s\p{Cc}]+$/u, 'The key contains a space, line break or control character; copy the key again from the gateway console, without anything around it.'),
);

export const providerSchema = lazySchema(() =>
  z.object({
    id: z.number().int(),
    name: z.string(),
    /** OpenAI-style base URL, ending in /v1 (chat/completions and responses live under it). */
    baseUrl: z.string(),
    /** Anthropic root (no /v1): Claude Code and the proxy append /v1/messages. */
    anthropicUrl: z.string(),
    protocols: z.array(protocolSchema),
    models: z.array(z.string()),
    preset: z.string().nullable(),
    groupRatio: z.number(),
    outputLimits: z.record(z.string(), z.number()),
    /** Masked keys, in the order they are tried. */
    keys: z.array(z.string()),
    /** Only the protocols the provider speaks have an endpoint. */
    endpoints: z.object({ chat: z.string().optional(), responses: z.string().optional(), anthropic: z.string().optional(), models: z.string() }),
    createdAt: z.number(),
    updatedAt: z.number(),
  }),
);
export type ProviderView = z.infer<typeof providerSchema>;

export const providerInputSchema = lazySchema(() =>
  z.object({
    name: providerNameSchema,
    baseUrl: z.string().trim().optional(),
    anthropicUrl: z.string().trim().optional(),
    key: apiKeySchema,
    extraKeys: z.array(apiKeySchema).optional(),
    protocols: z.array(protocolSchema).min(1).optional(),
    preset: z.string().optional(),
    models: z.array(z.string().trim().min(1)).optional(),
    /** The key group's price multiplier on the gateway. */
    groupRatio: z.number().positive().optional(),
    /** Per model, the largest max_tokens the provider accepts (larger requests are clamped). */
    outputLimits: z.record(z.string().min(1), z.number().int().positive()).optional(),
  }),
);
export type ProviderInput = z.infer<typeof providerInputSchema>;

export const providerUpdateSchema = lazySchema(() =>
  providerInputSchema
    .omit({ key: true })
    .partial()
    .extend({ name: providerNameSchema, newName: providerNameSchema.optional(), key: apiKeySchema.optional() }),
);
export type ProviderUpdate = z.infer<typeof providerUpdateSchema>;

export const presetSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    label: z.string(),
    kind: z.enum(['new-api', 'one-api', 'openrouter', 'deepseek', 'moonshot', 'siliconflow']),
    baseUrl: z.string().nullable(),
    anthropicUrl: z.string().nullable(),
    protocols: z.array(protocolSchema),
    models: z.array(z.string()),
    website: z.string().nullable(),
    note: z.string(),
  }),
);
export type Preset = z.infer<typeof presetSchema>;

export const providerTestSchema = lazySchema(() =>
  z.object({
    provider: z.string(),
    ok: z.boolean(),
    status: z.number().nullable(),
    latencyMs: z.number().nullable(),
    models: z.array(z.string()),
    message: z.string(),
    /** The way out when the gateway could not be reached. */
    remedy: remedySchema.optional(),
  }),
);
export type ProviderTestResult = z.infer<typeof providerTestSchema>;

export const fileChangeSchema = lazySchema(() =>
  z.object({
    path: z.string(),
    /** What the file holds now (null: it does not exist); secrets masked. */
    diff: z.string(),
    created: z.boolean(),
    changed: z.boolean(),
  }),
);
export type FileChangeView = z.infer<typeof fileChangeSchema>;

export const applyInputSchema = lazySchema(() =>
  z.object({
    client: toolClientSchema,
    provider: providerNameSchema,
    mode: modeSchema.default('proxy'),
    model: z.string().trim().min(1).optional(),
    dryRun: z.boolean().default(false),
    check: z.boolean().default(true),
    /** Claude Code: merge hasCompletedOnboarding into ~/.claude.json. */
    onboarding: z.boolean().default(false),
    /** Codex: where the key goes; auto keeps a ChatGPT login in auth.json intact. */
    codexAuth: z.enum(['auto', 'auth-json', 'bearer']).default('auto'),
  }),
);
export type ApplyInput = z.input<typeof applyInputSchema>;

export const applyResultSchema = lazySchema(() =>
  z.object({
    client: toolClientSchema,
    provider: z.string(),
    mode: modeSchema,
    model: z.string().nullable(),
    dryRun: z.boolean(),
    backupId: z.number().nullable(),
    files: z.array(fileChangeSchema),
  }),
);
export type ApplyResult = z.infer<typeof applyResultSchema>;

export const driftSchema = lazySchema(() => z.object({ file: z.string(), key: z.string(), expected: z.string(), actual: z.string() }));
export type Drift = z.infer<typeof driftSchema>;

export const clientStatusSchema = lazySchema(() =>
  z.object({
    client: toolClientSchema,
    label: z.string(),
    configDir: z.string(),
    installed: z.boolean(),
    files: z.array(z.object({ path: z.string(), exists: z.boolean() })),
    /** What the tool's files point at now, whoever wrote them. */
    current: z.object({ baseUrl: z.string().nullable(), model: z.string().nullable(), key: z.string().nullable() }),
    /** What Switchboard last applied, if anything. */
    applied: z
      .object({ provider: z.string().nullable(), mode: modeSchema, model: z.string().nullable(), appliedAt: z.number() })
      .nullable(),
    drift: z.array(driftSchema),
    error: z.string().nullable(),
    /** The provider chain behind the tool's local token: what serves it in proxy mode. */
    route: z.array(z.string()),
    /** Who answers the tool now: the route's first hop in proxy mode, the provider itself in direct mode. */
    provider: z.string().nullable(),
  }),
);
export type ClientStatus = z.infer<typeof clientStatusSchema>;

/** Why a backup was taken, as a code and its figures: worded by the CLI in English, by the dashboard in its language. */
export const backupReasonSchema = lazySchema(() =>
  z.discriminatedUnion('code', [
    z.object({ code: z.literal('use'), provider: z.string(), mode: modeSchema }),
    z.object({ code: z.literal('restore'), backupId: z.number() }),
    z.object({ code: z.literal('rotate_token') }),
  ]),
);
export type BackupReason = z.infer<typeof backupReasonSchema>;

export const backupSchema = lazySchema(() =>
  z.object({
    id: z.number(),
    client: toolClientSchema,
    createdAt: z.number(),
    /** A code and its figures; the English sentence itself for backups taken before reasons were codes. */
    reason: z.union([backupReasonSchema, z.string()]),
    /** original: this backup holds the file as it was before Switchboard first changed it (never pruned). */
    files: z.array(z.object({ path: z.string(), existed: z.boolean(), original: z.boolean() })),
  }),
);
export type BackupView = z.infer<typeof backupSchema>;

const modelMapSchema = lazySchema(() => z.record(z.string().min(1), z.string().min(1)));

export const routeHopInputSchema = lazySchema(() =>
  z.object({
    provider: providerNameSchema,
    /** Ask this provider for this model whatever the caller asked for. */
    model: z.string().trim().min(1).optional(),
    /** Pattern (with *) -> model, first match wins, e.g. {"claude-sonnet-*": "gpt-5.4"}. */
    models: modelMapSchema.optional(),
  }),
);

export const routeOptionsSchema = lazySchema(() =>
  z.object({
    strictModel: z.boolean().optional(),
    retryStatuses: z.array(z.number().int().min(400).max(599)).optional(),
    retryPatterns: z.array(z.string().trim().min(1)).optional(),
  }),
);

export const routeSetSchema = lazySchema(() =>
  routeOptionsSchema
    .extend({
      client: clientSchema,
      /** Short form: providers in order, all asked for `model` (or the caller's model). */
      providers: z.array(providerNameSchema).min(1).optional(),
      model: z.string().trim().min(1).optional(),
      hops: z.array(routeHopInputSchema).min(1).optional(),
    })
    .refine((r) => !!r.providers !== !!r.hops, { message: 'Give either providers (in order) or hops, not both.' }),
);

export const breakerStateSchema = lazySchema(() =>
  z.object({
    provider: z.string(),
    state: z.enum(['closed', 'open', 'half_open']),
    consecutiveFailures: z.number(),
    /** When an open breaker lets its next probe through (ms since the epoch, by the server's clock). */
    retryAt: z.number().nullable(),
    /**
     * How long until then, as the server counted when it answered (ms); null unless open. A dashboard
     * counts down from this, not from retryAt: its own clock may be set to another time than the server's.
     */
    retryInMs: z.number().nullable(),
    /** The last failure's English sentence, as "switchboard status" prints it. */
    lastError: z.string().nullable(),
    /** The same failure as a code and its figures, for the dashboard to word; null when only the sentence is known (states kept by older versions). */
    lastMishap: providerMishapSchema.nullable(),
  }),
);
export type BreakerState = z.infer<typeof breakerStateSchema>;

export const routeViewSchema = lazySchema(() =>
  z.object({
    client: clientSchema,
    providers: z.array(z.string()),
    model: z.string().nullable(),
    hops: z.array(z.object({ provider: z.string(), model: z.string().nullable(), models: modelMapSchema, breaker: breakerStateSchema.shape.state })),
    strictModel: z.boolean(),
    retryStatuses: z.array(z.number()),
    retryPatterns: z.array(z.string()),
  }),
);
export type RouteView = z.infer<typeof routeViewSchema>;
