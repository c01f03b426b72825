/** Anthropic Messages requests <-> the normalised request. */
import { isRecord, num, records, str, type JsonObject } from '../guards';
import { anthropicToolId } from '../ids';
import { hasData, PDF } from '../files';
import type { FilePart, ImagePart, NormMessage, NormPart, NormReasoning, NormRequest, NormResponseFormat, NormToolChoice, TextPart, ToolResultContent } from '../ir';
import { budgetForEffort, effortForBudget, MIN_THINKING_BUDGET, parseEffort } from '../reasoning';
import { argumentsFromInput, customToolParameters, toolInputObject } from '../toolArguments';
import { normalizeToolSchema } from '../toolSchema';
import type { AnthropicContentBlock, AnthropicDocumentBlock, AnthropicImageBlock, AnthropicMessage, AnthropicRequest, AnthropicTextBlock, AnthropicToolChoice } from './types';

/** Anthropic requires max_tokens; this fits every current Claude model. */
const DEFAULT_MAX_TOKENS = 8192;

// ---- decode ----

function decodeImage(block: JsonObject): ImagePart | null {
  const source = isRecord(block.source) ? block.source : {};
  if (source.type === 'base64' && typeof source.data === 'string') {
    return { type: 'image', source: { kind: 'base64', mediaType: str(source.media_type) ?? 'image/png', data: source.data } };
  }
  if (source.type === 'url' && typeof source.url === 'string') return { type: 'image', source: { kind: 'url', url: source.url } };
  return null;
}

/**
 * Plain-text documents read as text; PDFs (base64 or URL) become files, `title` their name.
 * Files API sources (`type: 'file'`, an id only Anthropic can resolve) and custom `content`
 * sources have no portable form and are left out, as is a document's `cache_control` (like an
 * image's, it has no place on the other protocols' file parts), `context` and `citations`.
 */
function decodeDocument(block: JsonObject): Array<TextPart | FilePart> {
  const source = isRecord(block.source) ? block.source : {};
  const named = str(block.title) ? { filename: str(block.title) } : {};
  if (source.type === 'text' && typeof source.data === 'string') return [{ type: 'text', text: source.data }];
  if (source.type === 'base64' && typeof source.data === 'string') {
    return [{ type: 'file', mediaType: str(source.media_type) ?? PDF, data: source.data, ...named }];
  }
  // Anthropic fetches URL documents as PDFs.
  if (source.type === 'url' && typeof source.url === 'string') return [{ type: 'file', mediaType: PDF, url: source.url, ...named }];
  return [];
}

function decodeToolResultContent(content: unknown): ToolResultContent[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  return records(content).flatMap((b): ToolResultContent[] => {
    if (b.type === 'text' && typeof b.text === 'string') return [{ type: 'text', text: b.text }];
    if (b.type === 'document') return decodeDocument(b);
    const image = b.type === 'image' ? decodeImage(b) : null;
    return image ? [image] : [];
  });
}

/** Server-side blocks (web search results and the like) have no equivalent elsewhere and are left out. */
function decodeBlock(block: JsonObject): NormPart[] {
  switch (block.type) {
    case 'text':
      return typeof block.text === 'string' ? [cachedText(block.text, block.cache_control)] : [];
    case 'image': {
      const image = decodeImage(block);
      return image ? [image] : [];
    }
    case 'document':
      return decodeDocument(block);
    case 'tool_use':
      return [{ type: 'tool_call', id: str(block.id) ?? '', name: str(block.name) ?? '', arguments: argumentsFromInput(block.input) }];
    case 'tool_result':
      return [
        {
          type: 'tool_result',
          callId: str(block.tool_use_id) ?? '',
          content: decodeToolResultContent(block.content),
          ...(block.is_error === true ? { isError: true } : {}),
        },
      ];
    case 'thinking':
      return [{ type: 'thinking', text: str(block.thinking) ?? '', ...(str(block.signature) ? { signature: str(block.signature) } : {}) }];
    case 'redacted_thinking':
      return typeof block.data === 'string' ? [{ type: 'redacted_thinking', data: block.data }] : [];
    default:
      return [];
  }
}

function contentBlocks(content: unknown): JsonObject[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : records(content);
}

function cachedText(text: string, cacheControl: unknown): TextPart {
  return isRecord(cacheControl) ? { type: 'text', text, cacheControl } : { type: 'text', text };
}

/** The system prompt as one text, or block by block when some carry a cache breakpoint. */
function systemParts(system: unknown): TextPart[] {
  if (typeof system === 'string') return system ? [{ type: 'text', text: system }] : [];
  const blocks = records(system).filter((b) => str(b.text));
  if (blocks.some((b) => isRecord(b.cache_control))) return blocks.map((b) => cachedText(str(b.text) ?? '', b.cache_control));
  const text = blocks.map((b) => str(b.text)).join('\n\n');
  return text ? [{ type: 'text', text }] : [];
}

function decodeToolChoice(choice: unknown): NormToolChoice | undefined {
  if (!isRecord(choice)) return undefined;
  switch (choice.type) {
    case 'any':
      return { mode: 'required' };
    case 'none':
      return { mode: 'none' };
    case 'tool':
      return typeof choice.name === 'string' ? { mode: 'tool', name: choice.name } : undefined;
    case 'auto':
      return { mode: 'auto' };
    default:
      return undefined;
  }
}

function decodeReasoning(req: JsonObject): NormReasoning | undefined {
  const thinking = isRecord(req.thinking) ? req.thinking : {};
  const effort = parseEffort(isRecord(req.output_config) ? req.output_config.effort : undefined);
  const budget = num(thinking.budget_tokens);
  if (thinking.type === 'enabled' && budget) return { effort: effortForBudget(budget), budgetTokens: budget };
  if (thinking.type === 'disabled') return undefined;
  if (thinking.type === 'adaptive') return { effort: effort ?? 'medium' };
  return effort ? { effort } : undefined;
}

function decodeResponseFormat(req: JsonObject): NormResponseFormat | undefined {
  const format = isRecord(req.output_config) && isRecord(req.output_config.format) ? req.output_config.format : undefined;
  return format?.type === 'json_schema' ? { type: 'json_schema', name: 'output', schema: format.schema } : undefined;
}

export function decodeAnthropicRequest(body: unknown): NormRequest {
  const req = isRecord(body) ? body : {};
  const system = systemParts(req.system);
  const messages: NormMessage[] = system.length ? [{ role: 'system', parts: system }] : [];
  for (const m of records(req.messages)) {
    messages.push({ role: m.role === 'assistant' ? 'assistant' : 'user', parts: contentBlocks(m.content).flatMap(decodeBlock) });
  }
  const toolChoice = isRecord(req.tool_choice) ? req.tool_choice : {};
  return {
    model: str(req.model) ?? '',
    messages,
    // Anthropic-defined tools (web search, bash_2025...) carry a `type` and no schema we could pass on.
    tools: records(req.tools)
      .filter((t) => (t.type === undefined || t.type === 'custom') && typeof t.name === 'string')
      .map((t) => ({ name: t.name as string, ...(str(t.description) ? { description: str(t.description) } : {}), parameters: normalizeToolSchema(t.input_schema) })),
    toolChoice: decodeToolChoice(req.tool_choice),
    parallelToolCalls: toolChoice.disable_parallel_tool_use === true ? false : undefined,
    maxTokens: num(req.max_tokens),
    temperature: num(req.temperature),
    topP: num(req.top_p),
    stop: Array.isArray(req.stop_sequences) ? req.stop_sequences.filter((s): s is string => typeof s === 'string') : undefined,
    reasoning: decodeReasoning(req),
    responseFormat: decodeResponseFormat(req),
    stream: req.stream === true,
  };
}

// ---- encode ----

function imageBlock(part: ImagePart): AnthropicImageBlock {
  const s = part.source;
  return { type: 'image', source: s.kind === 'base64' ? { type: 'base64', media_type: s.mediaType, data: s.data } : { type: 'url', url: s.url } };
}

/**
 * Anthropic takes base64 documents as PDFs; a text file (from an OpenAI client) goes as a
 * plain-text source instead. Other types go as they are, and Anthropic says what it refuses.
 */
function documentBlock(part: FilePart): AnthropicDocumentBlock {
  const title = part.filename ? { title: part.filename } : {};
  if (!hasData(part)) return { type: 'document', source: { type: 'url', url: part.url ?? '' }, ...title };
  if (part.mediaType.startsWith('text/')) {
    return { type: 'document', source: { type: 'text', media_type: 'text/plain', data: Buffer.from(part.data, 'base64').toString('utf8') }, ...title };
  }
  return { type: 'document', source: { type: 'base64', media_type: part.mediaType, data: part.data }, ...title };
}

function textBlock(part: TextPart): AnthropicTextBlock {
  return part.cacheControl ? { type: 'text', text: part.text, cache_control: part.cacheControl } : { type: 'text', text: part.text };
}

/** Thinking goes upstream only with the signature Anthropic issued for it; none is ever made up. */
function encodePart(part: NormPart): AnthropicContentBlock[] {
  switch (part.type) {
    case 'text':
      return part.text.trim() ? [textBlock(part)] : []; // Anthropic rejects empty and whitespace-only text blocks
    case 'image':
      return [imageBlock(part)];
    case 'file':
      return [documentBlock(part)];
    case 'thinking':
      return part.signature ? [{ type: 'thinking', thinking: part.text, signature: part.signature }] : [];
    case 'redacted_thinking':
      return [{ type: 'redacted_thinking', data: part.data }];
    case 'tool_call':
      return [{ type: 'tool_use', id: anthropicToolId(part.id), name: part.name, input: toolInputObject(part.arguments) }];
    case 'tool_result': {
      const textOnly = part.content.every((c) => c.type === 'text');
      const content = textOnly
        ? part.content.flatMap((c) => (c.type === 'text' ? [c.text] : [])).join('\n')
        : part.content.flatMap((c): Array<AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock> => {
            if (c.type === 'image') return [imageBlock(c)];
            if (c.type === 'file') return [documentBlock(c)];
            return c.text.trim() ? [{ type: 'text', text: c.text }] : [];
          });
      return [{ type: 'tool_result', tool_use_id: anthropicToolId(part.callId), content, ...(part.isError ? { is_error: true } : {}) }];
    }
  }
}

/** Consecutive same-role messages are merged (Anthropic alternates roles); tool results lead a user turn. */
function encodeMessages(messages: NormMessage[]): AnthropicMessage[] {
  const out: AnthropicMessage[] = [];
  for (const m of messages) {
    if (m.role === 'system') continue;
    const content = m.parts.flatMap(encodePart);
    if (!content.length) continue;
    const last = out[out.length - 1];
    if (last?.role === m.role) last.content.push(...content);
    else out.push({ role: m.role, content });
  }
  for (const m of out) {
    if (m.role === 'user') m.content.sort((a, b) => Number(b.type === 'tool_result') - Number(a.type === 'tool_result'));
  }
  return out;
}

function encodeToolChoice(choice: NormToolChoice | undefined, parallel: boolean | undefined): AnthropicToolChoice | undefined {
  const disable = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (!choice) return parallel === false ? { type: 'auto', ...disable } : undefined;
  switch (choice.mode) {
    case 'required':
      return { type: 'any', ...disable };
    case 'tool':
      return { type: 'tool', name: choice.name, ...disable };
    default:
      return { type: choice.mode, ...disable };
  }
}

/**
 * While a tool-use loop is under way with thinking on, Anthropic wants the last assistant turn
 * to open with its signed thinking. A history converted from another protocol has none, so the
 * request then goes without thinking rather than being refused.
 */
function lastToolTurnLacksSignedThinking(messages: AnthropicMessage[]): boolean {
  const lastAssistant = [...messages].reverse().find((m) => m.role === 'assistant');
  if (!lastAssistant?.content.some((b) => b.type === 'tool_use')) return false;
  const first = lastAssistant.content[0];
  return first.type !== 'thinking' && first.type !== 'redacted_thinking';
}

export function encodeAnthropicRequest(req: NormRequest): AnthropicRequest {
  const systemTexts = req.messages
    .filter((m) => m.role === 'system')
    .flatMap((m) => m.parts)
    .filter((p): p is TextPart => p.type === 'text' && p.text !== '');
  const messages = encodeMessages(req.messages);
  const out: AnthropicRequest = { model: req.model, messages, max_tokens: req.maxTokens ?? DEFAULT_MAX_TOKENS };
  // Blocks only when a cache breakpoint must be kept; otherwise the plain string, as before.
  if (systemTexts.some((p) => p.cacheControl)) out.system = systemTexts.map(textBlock);
  else if (systemTexts.length) out.system = systemTexts.map((p) => p.text).join('\n\n');
  if (req.stop?.length) out.stop_sequences = req.stop;
  if (req.temperature !== undefined) out.temperature = req.temperature;
  if (req.topP !== undefined) out.top_p = req.topP;
  if (req.tools.length) {
    out.tools = req.tools.map((t) => ({
      name: t.name,
      ...(t.description ? { description: t.description } : {}),
      input_schema: t.custom ? customToolParameters(t) : normalizeToolSchema(t.parameters),
    }));
    const choice = encodeToolChoice(req.toolChoice, req.parallelToolCalls);
    if (choice) out.tool_choice = choice;
  }
  const forcedTool = out.tool_choice?.type === 'any' || out.tool_choice?.type === 'tool';
  if (req.reasoning && !forcedTool && !lastToolTurnLacksSignedThinking(messages)) {
    const wanted = req.reasoning.budgetTokens ?? budgetForEffort(req.reasoning.effort);
    if (req.maxTokens === undefined) out.max_tokens = wanted + DEFAULT_MAX_TOKENS;
    // The budget must stay below max_tokens and at or above Anthropic's minimum.
    const budget = Math.min(wanted, out.max_tokens - 1);
    if (budget >= MIN_THINKING_BUDGET) {
      out.thinking = { type: 'enabled', budget_tokens: budget };
      // Anthropic refuses sampling changes while thinking.
      delete out.temperature;
      delete out.top_p;
    }
  }
  if (req.stream) out.stream = true;
  return out;
}
