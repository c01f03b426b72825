/**
 * A prompt too long for the model's context window, as gateways word it, and as each caller's tool
 * recognises it: Codex compacts on the code `context_length_exceeded`, Claude Code on a message
 * that says "prompt is too long" (and reads "N tokens > M maximum" to know how much to drop), other
 * OpenAI clients on "maximum context length".
 */

/** Our error kind for it; OpenAI's own code, so OpenAI-shaped errors carry it as they are. */
export const CONTEXT_OVERFLOW = 'context_length_exceeded';

const OVERFLOW_TEXT = /context[_ ]length[_ ]exceeded|maximum context length|prompt is too long|input is too long|prompt_too_long/i;

/** Whether an upstream's error (its code, type or message, or its whole body) says the prompt does not fit. */
export function saysContextOverflow(...texts: unknown[]): boolean {
  return texts.some((t) => typeof t === 'string' && OVERFLOW_TEXT.test(t));
}

/** The prompt's size and the model's limit, where the message states them (Anthropic's and OpenAI's wordings). */
export function overflowCounts(message: string): { promptTokens: number; limitTokens: number } | null {
  const anthropic = /(\d+)\s*tokens?\s*>\s*(\d+)/.exec(message);
  if (anthropic) return { promptTokens: Number(anthropic[1]), limitTokens: Number(anthropic[2]) };
  const limit = /maximum context length (?:is|of)\s*(\d+)/i.exec(message);
  const prompt = /(?:resulted in|requested(?: a total of)?)\s*(\d+)\s*tokens/i.exec(message);
  return limit && prompt ? { promptTokens: Number(prompt[1]), limitTokens: Number(limit[1]) } : null;
}

/** Anthropic's wording first ("prompt is too long: N tokens > M maximum"), the gateway's own after it. */
export function anthropicOverflowMessage(message: string): string {
  if (/prompt is too long/i.test(message)) return message;
  const counts = overflowCounts(message);
  return counts ? `prompt is too long: ${counts.promptTokens} tokens > ${counts.limitTokens} maximum (${message})` : `prompt is too long (${message})`;
}

/** OpenAI's wording first ("This model's maximum context length is M tokens..."), the gateway's own after it. */
export function openAiOverflowMessage(message: string): string {
  if (/maximum context length/i.test(message)) return message;
  const counts = overflowCounts(message);
  return counts
    ? `This model's maximum context length is ${counts.limitTokens} tokens. However, your messages resulted in ${counts.promptTokens} tokens (${message})`
    : `The prompt exceeds this model's maximum context length (${message})`;
}
