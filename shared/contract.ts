import * as z from './z';
import type { Remedy } from './remedy';
import {
  applyInputSchema,
  applyResultSchema,
  backupSchema,
  clientSchema,
  clientStatusSchema,
  noInputSchema,
  presetSchema,
  providerInputSchema,
  providerNameSchema,
  providerSchema,
  providerTestSchema,
  providerUpdateSchema,
  routeSetSchema,
  routeViewSchema,
  breakerStateSchema,
  toolClientSchema,
} from './schemas';
import { usageContract } from './usageContract';
import { accountsContract } from './accountsContract';
import { importContract } from './importContract';
import { joinChannels, lazyChannels } from './lazy';

/** A client's local token. */
const tokenOutput = () => z.object({ client: clientSchema, token: z.string(), masked: z.string(), baseUrl: z.string() });
const tokenChannel = () => ({ input: z.object({ client: clientSchema }), output: tokenOutput() });
/**
 * A rotated token, and the tool's files it was written into (a tool Switchboard set up through the
 * proxy); leftAsTheyAre: the tool was set up so, but its files no longer hold the token.
 */
const rotatedTokenChannel = () => ({
  input: z.object({ client: clientSchema }),
  output: tokenOutput().extend({ updated: z.array(z.string()), leftAsTheyAre: z.boolean() }),
});

/** Providers, tools, routes, breakers and tokens: the channels most commands use. */
const baseContract = lazyChannels(() => undefined, {
  /**
   * timeZone: the zone the core reckons days and "today" in (its process's), with its offset from UTC
   * now: a browser elsewhere (headless mode) may be in another.
   */
  'app.info': () => ({
    input: noInputSchema,
    output: z.object({
      version: z.string(),
      home: z.string(),
      secretStore: z.string(),
      proxyPort: z.number(),
      proxyUrl: z.string(),
      timeZone: z.object({ name: z.string(), utcOffsetMinutes: z.number() }),
    }),
  }),
  /**
   * Whether the local proxy answers on its port (nothing does when neither the app nor "serve"
   * runs). When it does not, `elsewhere` is the URL of a server of this data folder that listens on
   * another port ("serve --port N"), where the tools set to proxy mode do not look.
   */
  'proxy.probe': () => ({ input: noInputSchema, output: z.object({ port: z.number(), url: z.string(), answering: z.boolean(), elsewhere: z.string().nullable() }) }),
  'presets.list': () => ({ input: noInputSchema, output: z.array(presetSchema) }),
  'providers.list': () => ({ input: noInputSchema, output: z.array(providerSchema) }),
  'providers.get': () => ({ input: z.object({ name: providerNameSchema }), output: providerSchema }),
  'providers.add': () => ({ input: providerInputSchema, output: providerSchema }),
  'providers.update': () => ({ input: providerUpdateSchema, output: providerSchema }),
  'providers.remove': () => ({
    input: z.object({ name: providerNameSchema, force: z.boolean().default(false) }),
    output: z.object({ removed: z.string() }),
  }),
  'providers.test': () => ({ input: z.object({ name: providerNameSchema }), output: providerTestSchema }),
  'clients.status': () => ({ input: noInputSchema, output: z.array(clientStatusSchema) }),
  'clients.apply': () => ({
    input: applyInputSchema,
    output: applyResultSchema.extend({ check: z.string().nullable() }),
  }),
  /** untouched: the tool's files Switchboard has changed that the backup does not hold, left as they are; a dry run writes nothing. */
  'clients.restore': () => ({
    input: z.object({ client: toolClientSchema, backupId: z.number().int().optional(), dryRun: z.boolean().default(false) }),
    output: z.object({ client: toolClientSchema, backupId: z.number(), files: z.array(z.string()), untouched: z.array(z.string()), dryRun: z.boolean() }),
  }),
  'clients.backups': () => ({ input: z.object({ client: toolClientSchema }), output: z.array(backupSchema) }),
  'routes.list': () => ({ input: noInputSchema, output: z.array(routeViewSchema) }),
  'routes.set': () => ({ input: routeSetSchema, output: routeViewSchema }),
  /**
   * Puts a provider first in a client's route (as "use" does), keeping the rest as failover; with
   * `check`, once its key answered; with `dryRun`, only says what the route would be.
   */
  'routes.promote': () => ({
    input: z.object({
      client: clientSchema,
      provider: providerNameSchema,
      model: z.string().trim().min(1).optional(),
      dryRun: z.boolean().default(false),
      check: z.boolean().default(true),
    }),
    output: routeViewSchema.extend({ check: z.string().nullable() }),
  }),
  'breakers.list': () => ({ input: noInputSchema, output: z.array(breakerStateSchema) }),
  'tokens.get': tokenChannel,
  'tokens.rotate': rotatedTokenChannel,
});

/**
 * The one contract: channel -> input and output schemas. Electron serves it over IPC,
 * headless mode at POST /rpc/<channel>; the renderer reaches it only through renderer/bridge.ts.
 * Every channel builds its schemas when it is first looked up (shared/lazy.ts).
 */
export const contract = joinChannels(baseContract, usageContract, accountsContract, importContract);

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;

/** What the core implements: one function per channel. */
export type Handlers = { [C in Channel]: (input: ParsedInput<C>) => ChannelOutput<C> | Promise<ChannelOutput<C>> };

export const CHANNELS = Object.keys(contract) as Channel[];

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** The wire shape of every answer, on both transports. */
export type RpcResult<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; remedy?: Remedy } };
