/** OpenAI Chat Completions requests <-> the normalised request. */
import { isRecord, num, records, str, type JsonObject } from '../guards';
import { fileDataUrl, fileFromData, fileName, hasData } from '../files';
import { imageFromUrl, imageUrl } from '../images';
import type { FilePart, NormMessage, NormPart, NormRequest, NormResponseFormat, NormToolChoice, TextPart, ToolCallPart, ToolResultContent } from '../ir';
import { parseEffort } from '../reasoning';
import { customToolArguments, customToolParameters } from '../toolArguments';
import { normalizeToolSchema } from '../toolSchema';
import type { ChatContentPart, ChatMessage, ChatRequest, ChatTextPart, ChatTool, ChatToolCall, ChatToolChoice } from './types';

/** OpenAI accepts at most four stop sequences. */
const MAX_STOP_SEQUENCES = 4;
/** A tool message must have text; this stands in when a tool returned only images (sent next as a user message). */
const IMAGE_RESULT_NOTE = '(The tool returned the image(s) in the next message.)';
/** The same when the tool returned files (documents), with or without images. */
const FILE_RESULT_NOTE = '(The tool returned the file(s) in the next message.)';

// ---- decode ----

/** A `file` part with inline `file_data`; one naming only `file_id` (a file in OpenAI's store) cannot be carried and is left out. */
function decodeFile(p: JsonObject): FilePart | null {
  const file = isRecord(p.file) ? p.file : {};
  const data = str(file.file_data);
  return data ? fileFromData(data, str(file.filename)) : null;
}

function decodeContent(content: unknown): ToolResultContent[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  return records(content).flatMap((p): ToolResultContent[] => {
    if ((p.type === 'text' || p.type === 'refusal') && typeof (p.text ?? p.refusal) === 'string') {
      const text = String(p.text ?? p.refusal);
      return [isRecord(p.cache_control) ? { type: 'text', text, cacheControl: p.cache_control } : { type: 'text', text }];
    }
    if (p.type === 'file') {
      const file = decodeFile(p);
      return file ? [file] : [];
    }
    const url = p.type === 'image_url' ? (isRecord(p.image_url) ? str(p.image_url.url) : str(p.image_url)) : undefined;
    return url ? [{ type: 'image', source: imageFromUrl(url) }] : [];
  });
}

/** Chat tool calls: `function` ones, and `custom` ones whose single string input is wrapped as arguments. */
export function decodeChatToolCall(call: JsonObject): ToolCallPart | null {
  const id = str(call.id) ?? '';
  if (isRecord(call.custom)) {
    return { type: 'tool_call', id, name: str(call.custom.name) ?? '', arguments: customToolArguments(str(call.custom.input) ?? '') };
  }
  const fn = isRecord(call.function) ? call.function : undefined;
  return fn ? { type: 'tool_call', id, name: str(fn.name) ?? '', arguments: str(fn.arguments) ?? '' } : null;
}

/** Reasoning text: `reasoning_content` (DeepSeek, Qwen, Kimi...) or `reasoning` (OpenRouter and others). */
export function chatReasoningText(message: JsonObject): string {
  return str(message.reasoning_content) ?? str(message.reasoning) ?? '';
}

function decodeAssistant(m: JsonObject): NormPart[] {
  const reasoning = chatReasoningText(m);
  return [
    ...(reasoning ? [{ type: 'thinking' as const, text: reasoning }] : []),
    ...decodeContent(m.content).filter((p) => p.type === 'text'),
    ...(typeof m.refusal === 'string' && m.refusal ? [{ type: 'text' as const, text: m.refusal }] : []),
    ...records(m.tool_calls).flatMap((c) => decodeChatToolCall(c) ?? []),
  ];
}

function decodeMessages(raw: unknown): NormMessage[] {
  const out: NormMessage[] = [];
  for (const m of records(raw)) {
    const last = out[out.length - 1];
    switch (m.role) {
      case 'system':
      case 'developer':
        out.push({ role: 'system', parts: decodeContent(m.content).filter((p) => p.type === 'text') });
        break;
      case 'assistant':
        out.push({ role: 'assistant', parts: decodeAssistant(m) });
        break;
      case 'tool': {
        // Consecutive tool messages answer one assistant turn: they become one user message of results.
        const result: NormPart = { type: 'tool_result', callId: str(m.tool_call_id) ?? '', content: decodeContent(m.content) };
        if (last?.role === 'user' && last.parts.every((p) => p.type === 'tool_result')) last.parts.push(result);
        else out.push({ role: 'user', parts: [result] });
        break;
      }
      default:
        out.push({ role: 'user', parts: decodeContent(m.content) });
    }
  }
  return out;
}

function decodeToolChoice(choice: unknown): NormToolChoice | undefined {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return { mode: choice };
  if (!isRecord(choice)) return undefined;
  const name = isRecord(choice.function) ? str(choice.function.name) : isRecord(choice.custom) ? str(choice.custom.name) : undefined;
  return name ? { mode: 'tool', name } : { mode: 'auto' };
}

function decodeTools(raw: unknown): NormRequest['tools'] {
  return records(raw).flatMap((t) => {
    if (t.type === 'custom' && isRecord(t.custom) && typeof t.custom.name === 'string') {
      return [{ name: t.custom.name, description: str(t.custom.description), parameters: {}, custom: { format: t.custom.format } }];
    }
    const fn = isRecord(t.function) ? t.function : undefined;
    if (!fn || typeof fn.name !== 'string') return [];
    return [{ name: fn.name, ...(str(fn.description) ? { description: str(fn.description) } : {}), parameters: normalizeToolSchema(fn.parameters) }];
  });
}

function decodeResponseFormat(format: unknown): NormResponseFormat | undefined {
  if (!isRecord(format)) return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  const schema = isRecord(format.json_schema) ? format.json_schema : undefined;
  if (format.type !== 'json_schema' || !schema) return undefined;
  return {
    type: 'json_schema',
    name: str(schema.name) ?? 'output',
    schema: schema.schema,
    ...(typeof schema.strict === 'boolean' ? { strict: schema.strict } : {}),
    ...(str(schema.description) ? { description: str(schema.description) } : {}),
  };
}

export function decodeChatRequest(body: unknown): NormRequest {
  const req = isRecord(body) ? body : {};
  const effort = parseEffort(req.reasoning_effort);
  const stop = typeof req.stop === 'string' ? [req.stop] : Array.isArray(req.stop) ? req.stop.filter((s): s is string => typeof s === 'string') : undefined;
  return {
    model: str(req.model) ?? '',
    messages: decodeMessages(req.messages),
    tools: decodeTools(req.tools),
    toolChoice: decodeToolChoice(req.tool_choice),
    parallelToolCalls: typeof req.parallel_tool_calls === 'boolean' ? req.parallel_tool_calls : undefined,
    maxTokens: num(req.max_completion_tokens) ?? num(req.max_tokens),
    temperature: num(req.temperature),
    topP: num(req.top_p),
    stop,
    reasoning: effort ? { effort } : undefined,
    responseFormat: decodeResponseFormat(req.response_format),
    stream: req.stream === true,
  };
}

// ---- encode ----

function textOf(parts: NormPart[], separator: string): string {
  return parts
    .map((p) => (p.type === 'text' || p.type === 'thinking' ? p.text : ''))
    .filter(Boolean)
    .join(separator);
}

/**
 * Cache breakpoints go upstream only for Claude models: gateways pass `cache_control` on to
 * Anthropic, while OpenAI-style backends may refuse a field they do not know.
 */
const keepsCacheControl = (model: string) => /claude/i.test(model);

function textPart(p: TextPart, cache: boolean): ChatTextPart {
  return cache && p.cacheControl ? { type: 'text', text: p.text, cache_control: p.cacheControl } : { type: 'text', text: p.text };
}

/**
 * Chat takes documents inline only (OpenAI documents no file URLs for Chat Completions), so a
 * file known only by its URL is named in a text part instead: the model at least learns of it.
 */
function filePart(p: FilePart): ChatContentPart {
  // Chat files are PDFs only: a text document is read into the message instead.
  if (hasData(p) && p.mediaType.startsWith('text/')) return { type: 'text', text: `${fileName(p)}:\n${Buffer.from(p.data, 'base64').toString('utf8')}` };
  if (hasData(p)) return { type: 'file', file: { filename: fileName(p), file_data: fileDataUrl(p) } };
  return { type: 'text', text: `[Document${p.filename ? ` "${p.filename}"` : ''} at ${p.url ?? ''}: not attached, this API cannot receive files by URL.]` };
}

function contentParts(parts: ToolResultContent[], cache: boolean): string | ChatContentPart[] {
  const cached = cache && parts.some((p) => p.type === 'text' && p.cacheControl);
  if (!cached && parts.every((p) => p.type === 'text') && parts.length <= 1) return parts.length ? (parts[0] as TextPart).text : '';
  return parts.map((p): ChatContentPart => {
    if (p.type === 'text') return textPart(p, cache);
    if (p.type === 'file') return filePart(p);
    return { type: 'image_url', image_url: { url: imageUrl(p.source) } };
  });
}

function encodeAssistant(parts: NormPart[]): ChatMessage {
  const toolCalls = parts.flatMap((p): ChatToolCall[] =>
    p.type === 'tool_call' ? [{ id: p.id, type: 'function', function: { name: p.name, arguments: p.arguments } }] : [],
  );
  const reasoning = textOf(
    parts.filter((p) => p.type === 'thinking'),
    '\n\n',
  );
  return {
    role: 'assistant',
    content: textOf(
      parts.filter((p) => p.type === 'text'),
      '\n',
    ) || null,
    // Reasoning models behind Chat gateways (DeepSeek, Kimi) want their reasoning back within a tool loop.
    ...(reasoning ? { reasoning_content: reasoning } : {}),
    ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
  };
}

/**
 * Tool results become `tool` messages, which hold text only; their images and files follow in
 * one user message after all of the turn's tool messages (tool messages must directly follow the call).
 */
function encodeUser(parts: NormPart[], cache: boolean): ChatMessage[] {
  const toolMessages: ChatMessage[] = [];
  const rest: ToolResultContent[] = [];
  for (const p of parts) {
    if (p.type === 'tool_result') {
      const attachments = p.content.filter((c) => c.type === 'image' || c.type === 'file');
      const note = attachments.some((c) => c.type === 'file') ? FILE_RESULT_NOTE : attachments.length ? IMAGE_RESULT_NOTE : '';
      toolMessages.push({ role: 'tool', tool_call_id: p.callId, content: textOf(p.content, '\n') || note });
      rest.push(...attachments);
    } else if (p.type === 'text' || p.type === 'image' || p.type === 'file') {
      rest.push(p);
    }
  }
  return rest.length ? [...toolMessages, { role: 'user', content: contentParts(rest, cache) }] : toolMessages;
}

function encodeSystem(parts: NormPart[], cache: boolean): ChatMessage[] {
  const texts = parts.filter((p): p is TextPart => p.type === 'text' && p.text !== '');
  if (cache && texts.some((p) => p.cacheControl)) return [{ role: 'system', content: texts.map((p) => textPart(p, cache)) }];
  const text = textOf(texts, '\n');
  return text ? [{ role: 'system', content: text }] : [];
}

function encodeMessages(messages: NormMessage[], cache: boolean): ChatMessage[] {
  return messages.flatMap((m): ChatMessage[] => {
    if (m.role === 'system') return encodeSystem(m.parts, cache);
    if (m.role === 'assistant') return [encodeAssistant(m.parts)];
    return encodeUser(m.parts, cache);
  });
}

function encodeToolChoice(choice: NormToolChoice): ChatToolChoice {
  return choice.mode === 'tool' ? { type: 'function', function: { name: choice.name } } : choice.mode;
}

export function encodeChatRequest(req: NormRequest): ChatRequest {
  const out: ChatRequest = { model: req.model, messages: encodeMessages(req.messages, keepsCacheControl(req.model)) };
  if (req.tools.length) {
    out.tools = req.tools.map(
      (t): ChatTool => ({
        type: 'function',
        function: {
          name: t.name,
          ...(t.description ? { description: t.description } : {}),
          parameters: t.custom ? customToolParameters(t) : normalizeToolSchema(t.parameters),
        },
      }),
    );
    if (req.toolChoice) out.tool_choice = encodeToolChoice(req.toolChoice);
    // OpenAI refuses parallel_tool_calls when no tools are sent.
    if (req.parallelToolCalls !== undefined) out.parallel_tool_calls = req.parallelToolCalls;
  }
  if (req.maxTokens !== undefined) {
    // Reasoning models only take max_completion_tokens; most other Chat gateways only know max_tokens.
    if (req.reasoning) out.max_completion_tokens = req.maxTokens;
    else out.max_tokens = req.maxTokens;
  }
  if (req.temperature !== undefined) out.temperature = req.temperature;
  if (req.topP !== undefined) out.top_p = req.topP;
  if (req.stop?.length) out.stop = req.stop.slice(0, MAX_STOP_SEQUENCES);
  // `xhigh` is not a Chat effort level.
  if (req.reasoning) out.reasoning_effort = req.reasoning.effort === 'xhigh' ? 'high' : req.reasoning.effort;
  if (req.responseFormat) {
    const f = req.responseFormat;
    out.response_format =
      f.type === 'json_object'
        ? f
        : {
            type: 'json_schema',
            json_schema: {
              name: f.name,
              schema: f.schema,
              ...(f.strict !== undefined ? { strict: f.strict } : {}),
              ...(f.description ? { description: f.description } : {}),
            },
          };
  }
  if (req.stream) {
    out.stream = true;
    // Without this, Chat streams carry no usage at all.
    out.stream_options = { include_usage: true };
  }
  return out;
}
