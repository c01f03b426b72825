/**
 * Strict readers of what a caller receives, written independently of the converters: they
 * check each protocol's structural rules (and throw on any breach) and reduce the reply to a
 * protocol-neutral summary the tests compare exactly.
 */
import type { Protocol } from '../../../../shared/schemas';
import type { SseEvent, Usage } from '../../../../electron/core/proxy/protocols';

export interface CallerReply {
  id: string;
  model: string;
  text: string;
  thinking: string;
  tools: Array<{ id: string; name: string; input: unknown }>;
  stop: string;
  usage: Usage | null;
  /** Block / item kinds in order (Anthropic and Responses only). */
  blocks?: string[];
  /** The text of each text block / message item (Anthropic and Responses only). */
  texts?: string[];
  signatures?: string[];
  error?: { type: string; message: string };
}

type Json = Record<string, any>;

function invariant(ok: unknown, protocol: string, message: string): asserts ok {
  if (!ok) throw new Error(`${protocol} stream rule broken: ${message}`);
}

const CHAT_STOP: Record<string, string> = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use', content_filter: 'refusal' };

export function usageFromAnthropicShape(u: Json): Usage {
  return {
    inputTokens: u.input_tokens,
    outputTokens: u.output_tokens,
    cacheReadTokens: u.cache_read_input_tokens ?? 0,
    cacheWriteTokens: u.cache_creation_input_tokens ?? 0,
    reasoningTokens: u.output_tokens_details?.thinking_tokens ?? 0,
  };
}

function usageFromOpenAiShape(u: Json, prompt: string, completion: string, promptDetails: string, completionDetails: string): Usage {
  const cacheRead = u[promptDetails]?.cached_tokens ?? 0;
  const cacheWrite = u[promptDetails]?.cached_creation_tokens ?? 0;
  return {
    inputTokens: u[prompt] - cacheRead - cacheWrite,
    outputTokens: u[completion],
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: u[completionDetails]?.reasoning_tokens ?? 0,
  };
}

export const usageFromChatShape = (u: Json) => usageFromOpenAiShape(u, 'prompt_tokens', 'completion_tokens', 'prompt_tokens_details', 'completion_tokens_details');
export const usageFromResponsesShape = (u: Json) => usageFromOpenAiShape(u, 'input_tokens', 'output_tokens', 'input_tokens_details', 'output_tokens_details');

export function readAnthropicStream(events: SseEvent[]): CallerReply {
  const reply: CallerReply = { id: '', model: '', text: '', thinking: '', tools: [], stop: '', usage: null, blocks: [], texts: [], signatures: [] };
  let started = false;
  let sawDelta = false;
  let stopped = false;
  let open: { index: number; type: string; json: string } | null = null;
  for (const ev of events) {
    invariant(!stopped, 'Anthropic', 'event after message_stop');
    const p = JSON.parse(ev.data) as Json;
    invariant(ev.event === p.type, 'Anthropic', `event name ${ev.event} differs from type ${p.type}`);
    if (p.type === 'error') {
      reply.error = p.error;
      return reply;
    }
    invariant(p.type === 'message_start' || p.type === 'ping' || started, 'Anthropic', `${p.type} before message_start`);
    switch (p.type) {
      case 'message_start':
        invariant(!started, 'Anthropic', 'second message_start');
        started = true;
        reply.id = p.message.id;
        reply.model = p.message.model;
        invariant(p.message.role === 'assistant' && Array.isArray(p.message.content), 'Anthropic', 'message_start message shape');
        break;
      case 'content_block_start':
        invariant(!open, 'Anthropic', `block ${p.index} opened while block ${open?.index} is open`);
        invariant(p.index === reply.blocks!.length, 'Anthropic', `block index ${p.index} is not ${reply.blocks!.length}`);
        open = { index: p.index, type: p.content_block.type, json: '' };
        reply.blocks!.push(p.content_block.type === 'tool_use' ? 'tool' : p.content_block.type);
        if (p.content_block.type === 'tool_use') reply.tools.push({ id: p.content_block.id, name: p.content_block.name, input: {} });
        if (p.content_block.type === 'text') reply.texts!.push(p.content_block.text);
        break;
      case 'content_block_delta': {
        invariant(open && open.index === p.index, 'Anthropic', `delta for block ${p.index} which is not open`);
        const d = p.delta;
        const expected = { text_delta: 'text', thinking_delta: 'thinking', signature_delta: 'thinking', input_json_delta: 'tool_use' }[d.type as string];
        invariant(expected === open.type, 'Anthropic', `${d.type} in a ${open.type} block`);
        if (d.type === 'text_delta') {
          reply.text += d.text;
          reply.texts![reply.texts!.length - 1] += d.text;
        }
        if (d.type === 'thinking_delta') reply.thinking += d.thinking;
        if (d.type === 'signature_delta') reply.signatures!.push(d.signature);
        if (d.type === 'input_json_delta') open.json += d.partial_json;
        break;
      }
      case 'content_block_stop':
        invariant(open && open.index === p.index, 'Anthropic', `stop for block ${p.index} which is not open`);
        if (open.type === 'tool_use') {
          const input = JSON.parse(open.json || '{}');
          invariant(input && typeof input === 'object' && !Array.isArray(input), 'Anthropic', 'tool input is not an object');
          reply.tools[reply.tools.length - 1].input = input;
        }
        open = null;
        break;
      case 'message_delta':
        invariant(!open, 'Anthropic', 'message_delta while a block is open');
        sawDelta = true;
        reply.stop = p.delta.stop_reason;
        reply.usage = usageFromAnthropicShape(p.usage);
        break;
      case 'message_stop':
        invariant(sawDelta, 'Anthropic', 'message_stop without message_delta');
        stopped = true;
        break;
      case 'ping':
        break;
      default:
        invariant(false, 'Anthropic', `unknown event ${p.type}`);
    }
  }
  invariant(stopped, 'Anthropic', 'stream ended without message_stop');
  return reply;
}

export function readChatStream(events: SseEvent[]): CallerReply {
  const reply: CallerReply = { id: '', model: '', text: '', thinking: '', tools: [], stop: '', usage: null };
  const args: string[] = [];
  let finishes = 0;
  for (const [i, ev] of events.entries()) {
    invariant(ev.event === undefined, 'Chat', 'Chat events have no event name');
    if (ev.data === '[DONE]') {
      invariant(i === events.length - 1, 'Chat', '[DONE] is not last');
      invariant(finishes === 1, 'Chat', `${finishes} finish_reason chunks`);
      reply.tools.forEach((t, n) => (t.input = JSON.parse(args[n])));
      return reply;
    }
    const p = JSON.parse(ev.data) as Json;
    if (p.error) {
      invariant(i === events.length - 1, 'Chat', 'events after an error chunk');
      reply.error = p.error;
      return reply;
    }
    invariant(p.object === 'chat.completion.chunk' && Array.isArray(p.choices), 'Chat', 'chunk shape');
    if (i === 0) {
      reply.id = p.id;
      reply.model = p.model;
      invariant(p.choices[0]?.delta?.role === 'assistant', 'Chat', 'first delta has no assistant role');
    }
    invariant(p.id === reply.id, 'Chat', 'chunk ids differ');
    if (p.usage) {
      invariant(p.choices.length === 0 && finishes === 1, 'Chat', 'usage must come in its own chunk after the finish');
      reply.usage = usageFromChatShape(p.usage);
    }
    const choice = p.choices[0];
    if (!choice) continue;
    invariant(finishes === 0, 'Chat', 'content after finish_reason');
    const d = choice.delta;
    if (d.content) reply.text += d.content;
    if (d.reasoning_content) reply.thinking += d.reasoning_content;
    for (const tc of d.tool_calls ?? []) {
      if (reply.tools[tc.index] === undefined) {
        invariant(tc.index === reply.tools.length, 'Chat', `tool index ${tc.index} skips ahead`);
        invariant(tc.id && tc.type === 'function' && tc.function?.name, 'Chat', 'first delta of a tool call lacks id, type or name');
        reply.tools.push({ id: tc.id, name: tc.function.name, input: undefined });
        args.push('');
      }
      args[tc.index] += tc.function?.arguments ?? '';
    }
    if (choice.finish_reason) {
      finishes++;
      reply.stop = CHAT_STOP[choice.finish_reason];
    }
  }
  throw new Error('Chat stream rule broken: no [DONE]');
}

export function readResponsesStream(events: SseEvent[]): CallerReply {
  const reply: CallerReply = { id: '', model: '', text: '', thinking: '', tools: [], stop: '', usage: null, blocks: [], texts: [], signatures: [] };
  const done: Json[] = [];
  let current: { index: number; id: string; type: string; text: string } | null = null;
  for (const [i, ev] of events.entries()) {
    const p = JSON.parse(ev.data) as Json;
    invariant(ev.event === p.type, 'Responses', `event name ${ev.event} differs from type ${p.type}`);
    invariant(p.sequence_number === i, 'Responses', `sequence_number ${p.sequence_number} at position ${i}`);
    if (i === 0) invariant(p.type === 'response.created', 'Responses', 'first event is not response.created');
    if (i === 1 && p.type !== 'response.failed') invariant(p.type === 'response.in_progress', 'Responses', 'second event is not response.in_progress');
    const terminal = ['response.completed', 'response.incomplete', 'response.failed'].includes(p.type);
    invariant(!terminal || i === events.length - 1, 'Responses', 'events after the terminal event');
    if (p.item_id !== undefined) invariant(current && p.item_id === current.id && p.output_index === current.index, 'Responses', `${p.type} for an item that is not in progress`);
    switch (p.type) {
      case 'response.created':
        reply.id = p.response.id;
        reply.model = p.response.model;
        break;
      case 'response.output_item.added':
        invariant(!current, 'Responses', 'item added while another is in progress');
        invariant(p.output_index === done.length, 'Responses', `output_index ${p.output_index} is not ${done.length}`);
        current = { index: p.output_index, id: p.item.id, type: p.item.type, text: '' };
        break;
      case 'response.output_text.delta':
      case 'response.reasoning_summary_text.delta':
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta':
        current!.text += p.delta;
        break;
      case 'response.output_text.done':
      case 'response.reasoning_summary_text.done':
        invariant(p.text === current!.text, 'Responses', `${p.type} text differs from its deltas`);
        break;
      case 'response.function_call_arguments.done':
        invariant(p.arguments === current!.text, 'Responses', 'arguments.done differs from its deltas');
        break;
      case 'response.output_item.done': {
        invariant(current && p.output_index === current.index && p.item.id === current.id, 'Responses', 'output_item.done for an item not in progress');
        const item = p.item;
        if (item.type === 'message') {
          invariant(item.content[0].text === current.text, 'Responses', 'message item text differs from its deltas');
          reply.text += current.text;
          reply.texts!.push(current.text);
        } else if (item.type === 'reasoning') {
          reply.thinking += item.summary.map((s: Json) => s.text).join('');
          if (item.encrypted_content) reply.signatures!.push(item.encrypted_content);
        } else if (item.type === 'function_call') {
          invariant(item.arguments === current.text, 'Responses', 'function_call arguments differ from its deltas');
          reply.tools.push({ id: item.call_id, name: item.name, input: JSON.parse(item.arguments) });
        } else if (item.type === 'custom_tool_call') {
          reply.tools.push({ id: item.call_id, name: item.name, input: item.input });
        }
        reply.blocks!.push(item.type === 'message' ? 'text' : item.type === 'reasoning' ? 'thinking' : 'tool');
        done.push(item);
        current = null;
        break;
      }
      case 'response.completed':
      case 'response.incomplete':
        invariant(!current, 'Responses', 'reply finished with an item in progress');
        invariant(JSON.stringify(p.response.output) === JSON.stringify(done), 'Responses', 'final output differs from the finished items');
        reply.usage = usageFromResponsesShape(p.response.usage);
        reply.stop =
          p.response.status === 'incomplete'
            ? p.response.incomplete_details.reason === 'content_filter'
              ? 'refusal'
              : 'max_tokens'
            : done.some((it) => it.type === 'function_call' || it.type === 'custom_tool_call')
              ? 'tool_use'
              : 'end_turn';
        return reply;
      case 'response.failed':
        reply.error = p.response.error;
        return reply;
    }
  }
  throw new Error('Responses stream rule broken: no terminal event');
}

export const readStream: Record<Protocol, (events: SseEvent[]) => CallerReply> = {
  anthropic: readAnthropicStream,
  chat: readChatStream,
  responses: readResponsesStream,
};

export function readBody(protocol: Protocol, body: Json): CallerReply {
  switch (protocol) {
    case 'anthropic':
      return {
        id: body.id,
        model: body.model,
        text: body.content.filter((b: Json) => b.type === 'text').map((b: Json) => b.text).join(''),
        thinking: body.content.filter((b: Json) => b.type === 'thinking').map((b: Json) => b.thinking).join(''),
        tools: body.content.filter((b: Json) => b.type === 'tool_use').map((b: Json) => ({ id: b.id, name: b.name, input: b.input })),
        stop: body.stop_reason,
        usage: usageFromAnthropicShape(body.usage),
        blocks: body.content.map((b: Json) => (b.type === 'tool_use' ? 'tool' : b.type)),
        texts: body.content.filter((b: Json) => b.type === 'text').map((b: Json) => b.text),
      };
    case 'chat': {
      const m = body.choices[0].message;
      return {
        id: body.id,
        model: body.model,
        text: m.content ?? '',
        thinking: m.reasoning_content ?? '',
        tools: (m.tool_calls ?? []).map((t: Json) => ({ id: t.id, name: t.function.name, input: JSON.parse(t.function.arguments) })),
        stop: CHAT_STOP[body.choices[0].finish_reason],
        usage: usageFromChatShape(body.usage),
      };
    }
    case 'responses': {
      const out: Json[] = body.output;
      const calls = out.filter((it) => it.type === 'function_call');
      return {
        id: body.id,
        model: body.model,
        text: out.filter((it) => it.type === 'message').map((it) => it.content[0].text).join(''),
        thinking: out.filter((it) => it.type === 'reasoning').map((it) => it.summary.map((s: Json) => s.text).join('')).join(''),
        tools: calls.map((it) => ({ id: it.call_id, name: it.name, input: JSON.parse(it.arguments) })),
        stop: body.status === 'incomplete' ? 'max_tokens' : calls.length ? 'tool_use' : 'end_turn',
        usage: usageFromResponsesShape(body.usage),
        blocks: out.map((it) => (it.type === 'message' ? 'text' : it.type === 'reasoning' ? 'thinking' : 'tool')),
        texts: out.filter((it) => it.type === 'message').map((it) => it.content[0].text),
      };
    }
  }
}
