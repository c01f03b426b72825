import * as z from './z';
import { lazyChannels, lazySchema } from './lazy';
import { noInputSchema, protocolSchema, providerNameSchema, providerSchema, toolClientSchema } from './schemas';

/** A gateway a tool is already set up for (outside Switchboard), offered as a provider. */
export const importCandidateSchema = lazySchema(() =>
  z.object({
    client: toolClientSchema,
    /** The tool's name, e.g. "Claude Code". */
    label: z.string(),
    /** The file the settings were read from. */
    file: z.string(),
    baseUrl: z.string(),
    /** The protocol the tool speaks to that address, so the gateway speaks it too. */
    protocol: protocolSchema,
    model: z.string().nullable(),
    /** The key, masked. */
    key: z.string(),
    /** The name the provider gets unless another is given. */
    name: z.string(),
    /** The provider that already has this address and key, if any. */
    existing: z.string().nullable(),
  }),
);
export type ImportCandidate = z.infer<typeof importCandidateSchema>;

/** A tool whose settings could not be read (a file that does not parse), so nothing of it is offered. */
export const unreadableToolSchema = lazySchema(() => z.object({ client: toolClientSchema, label: z.string(), message: z.string() }));
export type UnreadableTool = z.infer<typeof unreadableToolSchema>;

export const importContract = lazyChannels(() => undefined, {
  /** What Claude Code, Codex and Hermes are set up for now, as providers that could be imported. */
  'providers.importScan': () => ({ input: noInputSchema, output: z.object({ found: z.array(importCandidateSchema), unreadable: z.array(unreadableToolSchema) }) }),
  /** Adds the provider a tool's own settings describe (read again at import, never taken from the caller). */
  'providers.import': () => ({ input: z.object({ client: toolClientSchema, name: providerNameSchema.optional() }), output: providerSchema }),
});
