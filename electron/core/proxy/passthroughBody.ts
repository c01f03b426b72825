import type { Protocol } from '../../../shared/schemas';
/**
 * The caller's own bytes, when a same-protocol call needs no change: re-encoding the parsed body
 * costs a JSON.stringify of the whole request (about 125 KB on every Claude Code turn) for bytes
 * that would come out the same.
 */
export interface PassthroughNeeds {
  /** The model the provider is asked for. */
  model: string | undefined;
  /** The provider's output-token limit for that model. */
  outputLimit: number | undefined;
  /** A Chat stream, whose usage the gateway sends only when asked (stream_options.include_usage). */
  askForUsage: boolean;
}

const MAX_TOKEN_FIELDS = ['max_tokens', 'max_completion_tokens', 'max_output_tokens'] as const;
const INCLUDE_USAGE = ',"stream_options":{"include_usage":true}';

/** The token fields that ask for more than the provider accepts for the model. */
function fieldsOverLimit(body: Record<string, unknown>, limit: number | undefined): (typeof MAX_TOKEN_FIELDS)[number][] {
  if (!limit) return [];
  return MAX_TOKEN_FIELDS.filter((field) => typeof body[field] === 'number' && (body[field] as number) > limit);
}

/** The field each caller protocol that may leave its output cap out names it with. */
const OUTPUT_CAP_FIELD: Partial<Record<Protocol, 'max_tokens' | 'max_output_tokens'>> = { chat: 'max_tokens', responses: 'max_output_tokens' };

/**
 * A caller that names no output cap (Codex never does) asks an Anthropic provider, which requires
 * one, for the provider's limit for the model when one is set, instead of the converter's default
 * of 8,192 tokens that would cut a long patch short.
 */
export function withProviderOutputCap(body: Record<string, unknown>, caller: Protocol, upstream: Protocol, limit: number | undefined): Record<string, unknown> {
  const field = OUTPUT_CAP_FIELD[caller];
  if (upstream !== 'anthropic' || !limit || !field || MAX_TOKEN_FIELDS.some((name) => body[name] !== undefined)) return body;
  return { ...body, [field]: limit };
}

/** Caps the output-token request at what the provider accepts for the model, rather than failing. */
export function clampOutputTokens(body: Record<string, unknown>, limit: number | undefined): void {
  for (const field of fieldsOverLimit(body, limit)) body[field] = limit;
}

/**
 * The raw body to send as it is, or null when it has to be re-encoded (another model, a clamped
 * token limit, stream options of the caller's own). The usage request is spliced in before the
 * closing brace: the body parsed as a non-empty object, so nothing but whitespace follows it.
 */
export function passthroughBody(raw: Buffer, body: Record<string, unknown>, needs: PassthroughNeeds): Buffer | null {
  if (needs.model !== undefined && needs.model !== body.model) return null;
  if (fieldsOverLimit(body, needs.outputLimit).length) return null;
  if (!needs.askForUsage || (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true) return raw;
  if (body.stream_options !== undefined || Object.keys(body).length === 0) return null;
  const end = raw.lastIndexOf(0x7d);
  return Buffer.concat([raw.subarray(0, end), Buffer.from(INCLUDE_USAGE), raw.subarray(end)]);
}
