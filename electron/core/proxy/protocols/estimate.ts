/**
 * Token estimates for when the gateway cannot count: count_tokens without an Anthropic upstream,
 * and replies that came without usage. About four characters per token, one per CJK character.
 */
import { decodeAnthropicRequest } from './anthropic/request';
import type { NormPart, NormRequest } from './ir';

/** Anthropic's cost of an image at the ~1.15 megapixel size clients scale screenshots to. */
const IMAGE_TOKENS = 1600;
/**
 * A document known only by its URL: its size is unknown, so it counts like one image. Inline
 * documents count their base64 length / 4 (about one token per three bytes): close for
 * text-heavy PDFs, an over-count for image-heavy ones, which errs on the side of compacting early.
 */
const URL_FILE_TOKENS = IMAGE_TOKENS;
/** Role markers and separators each message adds. */
const MESSAGE_OVERHEAD = 4;
const WIDE_CHARACTERS = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/g;

export function estimateTokens(text: string): number {
  if (!text) return 0;
  const wide = text.match(WIDE_CHARACTERS)?.length ?? 0;
  return wide + Math.ceil((text.length - wide) / 4);
}

function partTokens(part: NormPart): number {
  switch (part.type) {
    case 'text':
    case 'thinking':
      return estimateTokens(part.text);
    case 'image':
      return IMAGE_TOKENS;
    case 'file':
      return part.data ? Math.ceil(part.data.length / 4) : URL_FILE_TOKENS;
    case 'tool_call':
      return estimateTokens(part.name + part.arguments);
    case 'tool_result':
      return part.content.reduce((sum, c) => sum + partTokens(c), 0);
    case 'redacted_thinking':
      return 0; // opaque data the model does not read as text
  }
}

export function estimateRequestTokens(req: NormRequest): number {
  const messages = req.messages.reduce((sum, m) => sum + MESSAGE_OVERHEAD + m.parts.reduce((s, p) => s + partTokens(p), 0), 0);
  const tools = req.tools.reduce((sum, t) => sum + estimateTokens(t.name + (t.description ?? '') + JSON.stringify(t.parameters)), 0);
  return messages + tools;
}

/** A reply's tokens from its characters of text, thinking and tool arguments, at the same four characters per token. */
export function estimateOutputTokens(contentChars: number): number {
  return Math.ceil(contentChars / 4);
}

/**
 * Tokens of an embeddings, speech or moderations `input` (a text, texts, or token ids) or an image
 * `prompt`: requests no converter reads.
 */
export function estimateOpenAiSideInputTokens(body: Record<string, unknown>): number {
  const count = (value: unknown): number => {
    if (typeof value === 'string') return estimateTokens(value);
    if (typeof value === 'number') return 1;
    if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + count(v), 0);
    // Moderations' multimodal input: {type: 'text', text} parts (images are not counted).
    return value && typeof value === 'object' && 'text' in value ? count(value.text) : 0;
  };
  return count(body.input) + count(body.prompt);
}

/** For /v1/messages/count_tokens. */
export function estimateAnthropicInputTokens(body: unknown): number {
  return estimateRequestTokens(decodeAnthropicRequest(body));
}
