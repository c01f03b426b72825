/** OpenAI Responses requests <-> the normalised request. */
import { fail } from '../../../errors';
import { isRecord, num, records, str, type JsonObject } from '../guards';
import { fileDataUrl, fileFromData, fileName, hasData, mediaTypeFromName } from '../files';
import { imageFromUrl, imageUrl } from '../images';
import type { FilePart, NormMessage, NormPart, NormRequest, NormResponseFormat, NormToolChoice, TextPart, ToolResultContent } from '../ir';
import { parseEffort } from '../reasoning';
import { readCarriedThinking } from '../thinkingCarrier';
import { argumentsText, customToolArguments, customToolInput } from '../toolArguments';
import { normalizeToolSchema } from '../toolSchema';
import { declaredTools, qualifiedToolName } from './callerTools';
import { reasoningText } from './items';
import type { ResponsesInputContent, ResponsesInputItem, ResponsesRequest, ResponsesTool, ResponsesToolChoice } from './types';

// ---- decode ----

/**
 * `input_file` with inline `file_data` or a `file_url`; one naming only `file_id` (a file in
 * OpenAI's store) cannot be carried and is left out.
 */
function decodeFile(c: JsonObject): FilePart | null {
  const filename = str(c.filename);
  const data = str(c.file_data);
  if (data) return fileFromData(data, filename);
  const url = str(c.file_url);
  return url ? { type: 'file', mediaType: mediaTypeFromName(filename ?? url), url, ...(filename ? { filename } : {}) } : null;
}

function decodeContent(content: unknown): ToolResultContent[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  return records(content).flatMap((c): ToolResultContent[] => {
    if (c.type === 'input_file') {
      const file = decodeFile(c);
      return file ? [file] : [];
    }
    if ((c.type === 'input_text' || c.type === 'output_text' || c.type === 'text') && typeof c.text === 'string') return [{ type: 'text', text: c.text }];
    if (c.type === 'refusal' && typeof c.refusal === 'string') return [{ type: 'text', text: c.refusal }];
    if (c.type === 'input_image' && typeof c.image_url === 'string') return [{ type: 'image', source: imageFromUrl(c.image_url) }];
    return [];
  });
}

/** Reasoning items read as thinking; a carried Anthropic signature or redacted block comes back out. */
function decodeReasoningItem(item: JsonObject): NormPart[] {
  const carried = readCarriedThinking(item.encrypted_content);
  if (carried && 'redacted' in carried) return [{ type: 'redacted_thinking', data: carried.redacted }];
  const text = reasoningText(item);
  if (!text && !carried) return [];
  return [{ type: 'thinking', text, ...(carried ? { signature: carried.signature } : {}) }];
}

/**
 * Items become role-ordered messages: calls and reasoning join the assistant turn they belong
 * to, and call outputs gather into one user message of tool results. A local_shell_call (Codex's
 * built-in shell) is a call like any other, with its action as arguments: its output arrives as a
 * function_call_output, which must answer a call upstream or the upstream refuses the request.
 * Hosted-tool items (web search, item references) have no output and no equivalent elsewhere,
 * and are left out.
 */
function decodeInput(input: unknown, messages: NormMessage[]): void {
  const addTo = (role: 'user' | 'assistant', part: NormPart, toolResults = false) => {
    const last = messages[messages.length - 1];
    const fits = last?.role === role && (!toolResults || last.parts.every((p) => p.type === 'tool_result'));
    if (fits) last.parts.push(part);
    else messages.push({ role, parts: [part] });
  };
  if (typeof input === 'string') {
    messages.push({ role: 'user', parts: [{ type: 'text', text: input }] });
    return;
  }
  for (const item of records(input)) {
    const type = item.type ?? 'message';
    if (type === 'message') {
      const parts = decodeContent(item.content);
      if (item.role === 'assistant') parts.filter((p) => p.type === 'text').forEach((p) => addTo('assistant', p));
      else messages.push({ role: item.role === 'system' || item.role === 'developer' ? 'system' : 'user', parts });
    } else if (type === 'function_call') {
      addTo('assistant', { type: 'tool_call', id: str(item.call_id) ?? '', name: callName(item), arguments: str(item.arguments) ?? '' });
    } else if (type === 'local_shell_call') {
      addTo('assistant', { type: 'tool_call', id: str(item.call_id) ?? str(item.id) ?? '', name: 'local_shell', arguments: JSON.stringify(item.action ?? {}) });
    } else if (type === 'custom_tool_call') {
      addTo('assistant', { type: 'tool_call', id: str(item.call_id) ?? '', name: callName(item), arguments: customToolArguments(str(item.input) ?? '') });
    } else if (type === 'reasoning') {
      decodeReasoningItem(item).forEach((p) => addTo('assistant', p));
    } else if (type === 'function_call_output' || type === 'custom_tool_call_output') {
      addTo('user', { type: 'tool_result', callId: str(item.call_id) ?? '', content: decodeContent(item.output) }, true);
    }
  }
}

/** A call to a namespaced tool names its namespace too; upstream the tool has one qualified name (see callerTools). */
const callName = (item: JsonObject) => qualifiedToolName(str(item.namespace), str(item.name) ?? '');

/** Function and custom tools, those in a namespace under their qualified name; hosted tools are left out. */
function decodeTools(raw: unknown): NormRequest['tools'] {
  return declaredTools(raw).flatMap(({ tool: t, namespace }) => {
    if (typeof t.name !== 'string') return [];
    const name = qualifiedToolName(namespace, t.name);
    const description = str(t.description) ? { description: str(t.description) } : {};
    if (t.type === 'function') return [{ name, ...description, parameters: normalizeToolSchema(t.parameters) }];
    if (t.type === 'custom') return [{ name, ...description, parameters: {}, custom: { format: t.format } }];
    return [];
  });
}

function decodeToolChoice(choice: unknown): NormToolChoice | undefined {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return { mode: choice };
  if (!isRecord(choice)) return undefined;
  return (choice.type === 'function' || choice.type === 'custom') && typeof choice.name === 'string' ? { mode: 'tool', name: choice.name } : { mode: 'auto' };
}

function decodeTextFormat(text: unknown): NormResponseFormat | undefined {
  const format = isRecord(text) && isRecord(text.format) ? text.format : undefined;
  if (format?.type === 'json_object') return { type: 'json_object' };
  if (format?.type !== 'json_schema') return undefined;
  return {
    type: 'json_schema',
    name: str(format.name) ?? 'output',
    schema: format.schema,
    ...(typeof format.strict === 'boolean' ? { strict: format.strict } : {}),
    ...(str(format.description) ? { description: str(format.description) } : {}),
  };
}

/**
 * Codex's store/include/prompt_cache_key/text.verbosity/service_tier and the like have no
 * meaning elsewhere and are dropped. `previous_response_id` refers to state only the upstream
 * Responses server keeps, so it cannot be honoured through a conversion.
 */
export function decodeResponsesRequest(body: unknown): NormRequest {
  const req = isRecord(body) ? body : {};
  if (typeof req.previous_response_id === 'string') {
    fail(
      'invalid_input',
      'previous_response_id cannot be used through this provider: it speaks another protocol, so the proxy converts the request and the earlier response is not stored anywhere. Send the whole conversation in `input` (store: false) instead.',
    );
  }
  const messages: NormMessage[] = [];
  const instructions = str(req.instructions);
  if (instructions) messages.push({ role: 'system', parts: [{ type: 'text', text: instructions }] });
  decodeInput(req.input, messages);
  const reasoning = isRecord(req.reasoning) ? parseEffort(req.reasoning.effort) : undefined;
  return {
    model: str(req.model) ?? '',
    messages,
    tools: decodeTools(req.tools),
    toolChoice: decodeToolChoice(req.tool_choice),
    parallelToolCalls: typeof req.parallel_tool_calls === 'boolean' ? req.parallel_tool_calls : undefined,
    maxTokens: num(req.max_output_tokens),
    temperature: num(req.temperature),
    topP: num(req.top_p),
    reasoning: reasoning ? { effort: reasoning } : undefined,
    responseFormat: decodeTextFormat(req.text),
    stream: req.stream === true,
  };
}

// ---- encode ----

function fileContent(p: FilePart): ResponsesInputContent {
  if (hasData(p)) return { type: 'input_file', filename: fileName(p), file_data: fileDataUrl(p) };
  return { type: 'input_file', file_url: p.url ?? '', ...(p.filename ? { filename: p.filename } : {}) };
}

function inputContent(parts: ToolResultContent[]): ResponsesInputContent[] {
  return parts.map((p): ResponsesInputContent => {
    if (p.type === 'text') return { type: 'input_text', text: p.text };
    if (p.type === 'file') return fileContent(p);
    return { type: 'input_image', image_url: imageUrl(p.source), detail: 'auto' };
  });
}

function textParts(parts: NormPart[]): TextPart[] {
  return parts.filter((p): p is TextPart => p.type === 'text' && p.text !== '');
}

/**
 * Thinking is not sent: a reasoning item is only valid upstream with the encrypted content that
 * server issued, and none exists for thinking from another protocol.
 */
function encodeInput(messages: NormMessage[], customToolNames: ReadonlySet<string>): ResponsesInputItem[] {
  const customCallIds = new Set(messages.flatMap((m) => m.parts).flatMap((p) => (p.type === 'tool_call' && customToolNames.has(p.name) ? [p.id] : [])));
  return messages.flatMap((m): ResponsesInputItem[] => {
    if (m.role === 'system') {
      const text = textParts(m.parts);
      return text.length ? [{ type: 'message', role: 'developer', content: inputContent(text) }] : [];
    }
    if (m.role === 'assistant') {
      return m.parts.flatMap((p): ResponsesInputItem[] => {
        if (p.type === 'text' && p.text) return [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: p.text }] }];
        if (p.type !== 'tool_call') return [];
        return customToolNames.has(p.name)
          ? [{ type: 'custom_tool_call', call_id: p.id, name: p.name, input: customToolInput(p.arguments) }]
          : [{ type: 'function_call', call_id: p.id, name: p.name, arguments: argumentsText(p.arguments) }];
      });
    }
    const results = m.parts.flatMap((p): ResponsesInputItem[] => {
      if (p.type !== 'tool_result') return [];
      if (customCallIds.has(p.callId)) return [{ type: 'custom_tool_call_output', call_id: p.callId, output: textParts(p.content).map((t) => t.text).join('\n') }];
      const textOnly = p.content.every((c) => c.type === 'text');
      return [{ type: 'function_call_output', call_id: p.callId, output: textOnly ? textParts(p.content).map((t) => t.text).join('\n') : inputContent(p.content) }];
    });
    const rest = m.parts.filter((p): p is ToolResultContent => (p.type === 'text' && p.text !== '') || p.type === 'image' || p.type === 'file');
    return rest.length ? [...results, { type: 'message', role: 'user', content: inputContent(rest) }] : results;
  });
}

function encodeToolChoice(choice: NormToolChoice, customToolNames: ReadonlySet<string>): ResponsesToolChoice {
  if (choice.mode !== 'tool') return choice.mode;
  return { type: customToolNames.has(choice.name) ? 'custom' : 'function', name: choice.name };
}

export function encodeResponsesRequest(req: NormRequest): ResponsesRequest {
  const customToolNames = new Set(req.tools.filter((t) => t.custom).map((t) => t.name));
  // Leading system messages become `instructions`; later ones stay in place as developer messages.
  const firstOther = req.messages.findIndex((m) => m.role !== 'system');
  const leading = firstOther === -1 ? req.messages : req.messages.slice(0, firstOther);
  const instructions = leading
    .flatMap((m) => textParts(m.parts))
    .map((p) => p.text)
    .join('\n\n');
  const out: ResponsesRequest = {
    model: req.model,
    input: encodeInput(req.messages.slice(leading.length), customToolNames),
    // The proxy always sends the whole conversation; nothing needs keeping upstream.
    store: false,
  };
  if (instructions) out.instructions = instructions;
  if (req.tools.length) {
    out.tools = req.tools.map(
      (t): ResponsesTool =>
        t.custom
          ? { type: 'custom', name: t.name, ...(t.description ? { description: t.description } : {}), ...(t.custom.format ? { format: t.custom.format } : {}) }
          : // Responses makes function tools strict by default, which most client schemas do not satisfy.
            { type: 'function', name: t.name, ...(t.description ? { description: t.description } : {}), parameters: normalizeToolSchema(t.parameters), strict: false },
    );
    if (req.toolChoice) out.tool_choice = encodeToolChoice(req.toolChoice, customToolNames);
    if (req.parallelToolCalls !== undefined) out.parallel_tool_calls = req.parallelToolCalls;
  }
  if (req.maxTokens !== undefined) out.max_output_tokens = req.maxTokens;
  if (req.temperature !== undefined) out.temperature = req.temperature;
  if (req.topP !== undefined) out.top_p = req.topP;
  if (req.reasoning) out.reasoning = { effort: req.reasoning.effort };
  if (req.responseFormat) out.text = { format: req.responseFormat };
  if (req.stream) out.stream = true;
  return out;
}
