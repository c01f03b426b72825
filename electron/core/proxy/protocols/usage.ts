/**
 * Token usage in one shape for the ledger. `inputTokens` excludes cache reads and cache writes
 * (Anthropic's convention), so input + cacheRead + cacheWrite is the whole prompt and nothing is
 * counted twice; `reasoningTokens` is the part of `outputTokens` spent on reasoning.
 */
import type { Protocol } from '../../../../shared/schemas';
import { isRecord } from './guards';
import type { AnthropicUsage } from './anthropic/types';
import type { ChatUsage } from './chat/types';
import type { ResponsesUsage } from './responses/types';

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  /** The part of cacheWriteTokens cached for an hour, which costs more than a 5-minute write; Anthropic reports it apart. */
  cacheWrite1hTokens?: number;
  /**
   * The upstream reported no final output count (an Anthropic stream whose message_delta has no
   * usage): its other counts are real, and outputTokens is the proxy's estimate from the content
   * it saw, filled in by the stream converter (see withOutputEstimate).
   */
  outputEstimated?: true;
}

export const ZERO_USAGE: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };

/**
 * Whether reported usage counts nothing at all: no input, no output, no cache read or write. Some
 * relays (new-api / one-api channels, resellers) send that on a successful call they did not count,
 * and a call that reached a model read something; so it is no usage, and the call is estimated as
 * when none was reported. Zero input beside cached tokens or output is a real count and is kept.
 */
function countsNothing(usage: Usage): boolean {
  return usage.inputTokens === 0 && usage.outputTokens === 0 && usage.cacheReadTokens === 0 && usage.cacheWriteTokens === 0;
}

/** Usage as read, or null when it counts nothing (see countsNothing). */
function reported(usage: Usage): Usage | null {
  return countsNothing(usage) ? null : usage;
}

/**
 * A token count as a gateway wrote it: a number or a numeric string, never below 0; undefined when
 * unreadable. A negative count would make a negative cost; a string one would read as 0.
 */
function tokens(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? Math.max(0, Math.round(n)) : undefined;
}

/** Anthropic: input_tokens already excludes cache reads and writes. Null without an input or output count, or when it counts nothing. */
export function usageFromAnthropic(raw: unknown): Usage | null {
  if (!isRecord(raw)) return null;
  const input = tokens(raw.input_tokens);
  const output = tokens(raw.output_tokens);
  if (input === undefined && output === undefined) return null;
  const details = isRecord(raw.output_tokens_details) ? raw.output_tokens_details : {};
  // cache_creation splits the writes by how long they are kept: { ephemeral_5m_input_tokens, ephemeral_1h_input_tokens }.
  const writes = isRecord(raw.cache_creation) ? raw.cache_creation : {};
  const oneHour = tokens(writes.ephemeral_1h_input_tokens) ?? 0;
  const cacheWriteTokens = tokens(raw.cache_creation_input_tokens) ?? (tokens(writes.ephemeral_5m_input_tokens) ?? 0) + oneHour;
  return reported({
    inputTokens: input ?? 0,
    outputTokens: output ?? 0,
    cacheReadTokens: tokens(raw.cache_read_input_tokens) ?? 0,
    cacheWriteTokens,
    reasoningTokens: tokens(details.thinking_tokens) ?? 0,
    ...(oneHour ? { cacheWrite1hTokens: Math.min(oneHour, cacheWriteTokens) } : {}),
  });
}

/**
 * OpenAI shapes (Chat and Responses): the prompt count includes cached tokens. Gateways report
 * cache writes and reads under several names (new-api, OpenRouter, DeepSeek, Moonshot); all are read.
 * Null without a prompt or completion count, or when it counts nothing: the ledger then estimates
 * instead of recording 0.
 */
function usageFromOpenAi(raw: unknown, promptKey: string, completionKey: string, promptDetailsKey: string, completionDetailsKey: string): Usage | null {
  if (!isRecord(raw)) return null;
  const promptTokens = tokens(raw[promptKey]);
  const outputTokens = tokens(raw[completionKey]);
  if (promptTokens === undefined && outputTokens === undefined) return null;
  const prompt = isRecord(raw[promptDetailsKey]) ? raw[promptDetailsKey] : {};
  const completion = isRecord(raw[completionDetailsKey]) ? raw[completionDetailsKey] : {};
  const cacheReadTokens = tokens(prompt.cached_tokens) ?? tokens(raw.prompt_cache_hit_tokens) ?? tokens(raw.cache_read_input_tokens) ?? tokens(raw.cached_tokens) ?? 0;
  const cacheWriteTokens = tokens(prompt.cached_creation_tokens) ?? tokens(prompt.cache_write_tokens) ?? tokens(raw.cache_creation_input_tokens) ?? 0;
  return reported({
    inputTokens: Math.max(0, (promptTokens ?? 0) - cacheReadTokens - cacheWriteTokens),
    outputTokens: outputTokens ?? 0,
    cacheReadTokens,
    cacheWriteTokens,
    reasoningTokens: tokens(completion.reasoning_tokens) ?? 0,
  });
}

export function usageFromChat(raw: unknown): Usage | null {
  return usageFromOpenAi(raw, 'prompt_tokens', 'completion_tokens', 'prompt_tokens_details', 'completion_tokens_details');
}

export function usageFromResponses(raw: unknown): Usage | null {
  return usageFromOpenAi(raw, 'input_tokens', 'output_tokens', 'input_tokens_details', 'output_tokens_details');
}

export function anthropicUsage(usage: Usage): AnthropicUsage {
  return {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cache_creation_input_tokens: usage.cacheWriteTokens,
    cache_read_input_tokens: usage.cacheReadTokens,
    ...(usage.reasoningTokens ? { output_tokens_details: { thinking_tokens: usage.reasoningTokens } } : {}),
  };
}

function promptTokens(usage: Usage): number {
  return usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
}

export function chatUsage(usage: Usage): ChatUsage {
  return {
    prompt_tokens: promptTokens(usage),
    completion_tokens: usage.outputTokens,
    total_tokens: promptTokens(usage) + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cacheReadTokens, ...(usage.cacheWriteTokens ? { cached_creation_tokens: usage.cacheWriteTokens } : {}) },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  };
}

export function responsesUsage(usage: Usage): ResponsesUsage {
  return {
    input_tokens: promptTokens(usage),
    input_tokens_details: { cached_tokens: usage.cacheReadTokens, ...(usage.cacheWriteTokens ? { cached_creation_tokens: usage.cacheWriteTokens } : {}) },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    total_tokens: promptTokens(usage) + usage.outputTokens,
  };
}

/** Usage as a reply body of `protocol` carries it. */
export function protocolUsage(protocol: Protocol, usage: Usage): AnthropicUsage | ChatUsage | ResponsesUsage {
  switch (protocol) {
    case 'anthropic':
      return anthropicUsage(usage);
    case 'chat':
      return chatUsage(usage);
    case 'responses':
      return responsesUsage(usage);
  }
}

/** Usage reported in a complete (non-streamed) reply body, or null when it has none. */
export function usageFromBody(protocol: Protocol, body: unknown): Usage | null {
  if (!isRecord(body)) return null;
  switch (protocol) {
    case 'anthropic':
      return usageFromAnthropic(body.usage);
    case 'chat':
      return usageFromChat(body.usage);
    case 'responses':
      return usageFromResponses(body.usage);
  }
}

/**
 * Usage in an embeddings or image-generation reply: embeddings report prompt_tokens (Chat's names),
 * gpt-image models input_tokens and output_tokens (Responses' names); dall-e models report none.
 */
export function usageFromOpenAiSideReply(body: unknown): Usage | null {
  if (!isRecord(body)) return null;
  return usageFromChat(body.usage) ?? usageFromResponses(body.usage);
}
