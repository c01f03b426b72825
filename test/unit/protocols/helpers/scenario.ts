/**
 * A reply described once, protocol-neutrally, and the upstream stream or body each protocol
 * would send for it. Tests feed these to the converters and compare with what callers read.
 */
import type { Protocol } from '../../../../shared/schemas';
import type { SseEvent } from '../../../../electron/core/proxy/protocols';
import type { Usage } from '../../../../electron/core/proxy/protocols';

export type Step = { text: string[] } | { thinking: string[]; signature?: string } | { tool: { id: string; name: string; args: string[] } };

export interface Scenario {
  steps: Step[];
  stop: 'end_turn' | 'max_tokens' | 'tool_use';
  usage: Usage;
}

export const USAGE: Usage = { inputTokens: 40, outputTokens: 20, cacheReadTokens: 60, cacheWriteTokens: 5, reasoningTokens: 3 };

export const SCENARIOS: Record<string, Scenario> = {
  plainText: { steps: [{ text: ['Hel', 'lo ', 'world'] }], stop: 'end_turn', usage: USAGE },
  thinkingThenText: { steps: [{ thinking: ['Let me ', 'think.'] }, { text: ['Answer: ', '42'] }], stop: 'end_turn', usage: USAGE },
  singleTool: {
    steps: [{ text: ['Checking.'] }, { tool: { id: 'call_w1', name: 'get_weather', args: ['{"city"', ':"Paris"}'] } }],
    stop: 'tool_use',
    usage: USAGE,
  },
  parallelTools: {
    steps: [
      { tool: { id: 'call_p1', name: 'read_file', args: ['{"path":', '"a.txt"}'] } },
      { tool: { id: 'call_p2', name: 'read_file', args: ['{"path":', '"b.txt"}'] } },
    ],
    stop: 'tool_use',
    usage: USAGE,
  },
  textAfterTool: {
    steps: [{ text: ['Before.'] }, { tool: { id: 'call_t1', name: 'ls', args: ['{}'] } }, { text: ['After.'] }],
    stop: 'tool_use',
    usage: USAGE,
  },
  maxTokens: { steps: [{ text: ['Cut ', 'off'] }], stop: 'max_tokens', usage: USAGE },
};

/**
 * Text in separate pieces: for a Responses upstream, three message items (the last after a
 * call), each a sentence; joined without a break they would run together ("...file.Now I...").
 */
export const SEPARATE_TEXT: Scenario = {
  steps: [{ text: ['I read ', 'the file.'] }, { text: ['Now I will ', 'edit it.'] }, { tool: { id: 'call_e1', name: 'edit', args: ['{"path":"a.txt"}'] } }, { text: ['Done.'] }],
  stop: 'tool_use',
  usage: USAGE,
};

const sse = <T extends { type: string }>(payload: T): SseEvent => ({ event: payload.type, data: JSON.stringify(payload) });
const data = (payload: unknown): SseEvent => ({ data: typeof payload === 'string' ? payload : JSON.stringify(payload) });

// ---- Chat ----

const CHAT_FINISH = { end_turn: 'stop', max_tokens: 'length', tool_use: 'tool_calls' } as const;

export function chatUsageOf(u: Usage) {
  const prompt = u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens;
  return {
    prompt_tokens: prompt,
    completion_tokens: u.outputTokens,
    total_tokens: prompt + u.outputTokens,
    prompt_tokens_details: { cached_tokens: u.cacheReadTokens, cached_creation_tokens: u.cacheWriteTokens },
    completion_tokens_details: { reasoning_tokens: u.reasoningTokens },
  };
}

export function chatChunk(delta: Record<string, unknown>, finish: string | null = null) {
  return { id: 'chatcmpl-up1', object: 'chat.completion.chunk', created: 1, model: 'up-model', choices: [{ index: 0, delta, finish_reason: finish }] };
}

export function chatUpstream(s: Scenario): SseEvent[] {
  const out: SseEvent[] = [data(chatChunk({ role: 'assistant', content: '' }))];
  let toolIndex = 0;
  for (const step of s.steps) {
    if ('text' in step) step.text.forEach((t) => out.push(data(chatChunk({ content: t }))));
    if ('thinking' in step) step.thinking.forEach((t) => out.push(data(chatChunk({ reasoning_content: t }))));
    if ('tool' in step) {
      const index = toolIndex++;
      const [first, ...rest] = step.tool.args;
      out.push(data(chatChunk({ tool_calls: [{ index, id: step.tool.id, type: 'function', function: { name: step.tool.name, arguments: first } }] })));
      rest.forEach((a) => out.push(data(chatChunk({ tool_calls: [{ index, function: { arguments: a } }] }))));
    }
  }
  out.push(data(chatChunk({}, CHAT_FINISH[s.stop])));
  out.push(data({ id: 'chatcmpl-up1', object: 'chat.completion.chunk', created: 1, model: 'up-model', choices: [], usage: chatUsageOf(s.usage) }));
  out.push(data('[DONE]'));
  return out;
}

export function chatBody(s: Scenario) {
  const text = s.steps.flatMap((st) => ('text' in st ? st.text : [])).join('');
  const reasoning = s.steps.flatMap((st) => ('thinking' in st ? st.thinking : [])).join('');
  const tools = s.steps.flatMap((st) => ('tool' in st ? [{ id: st.tool.id, type: 'function', function: { name: st.tool.name, arguments: st.tool.args.join('') } }] : []));
  return {
    id: 'chatcmpl-up1',
    object: 'chat.completion',
    created: 1,
    model: 'up-model',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text || null, ...(reasoning ? { reasoning_content: reasoning } : {}), ...(tools.length ? { tool_calls: tools } : {}) },
        finish_reason: CHAT_FINISH[s.stop],
      },
    ],
    usage: chatUsageOf(s.usage),
  };
}

// ---- Anthropic ----

export function anthropicUsageOf(u: Usage) {
  return {
    input_tokens: u.inputTokens,
    output_tokens: u.outputTokens,
    cache_read_input_tokens: u.cacheReadTokens,
    cache_creation_input_tokens: u.cacheWriteTokens,
    output_tokens_details: { thinking_tokens: u.reasoningTokens },
  };
}

export function anthropicUpstream(s: Scenario): SseEvent[] {
  const u = anthropicUsageOf(s.usage);
  const out: SseEvent[] = [
    sse({
      type: 'message_start',
      message: {
        id: 'msg_up1',
        type: 'message',
        role: 'assistant',
        model: 'up-model',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: u.input_tokens, output_tokens: 1, cache_read_input_tokens: u.cache_read_input_tokens, cache_creation_input_tokens: u.cache_creation_input_tokens },
      },
    }),
    { event: 'ping', data: '{"type": "ping"}' },
  ];
  s.steps.forEach((step, index) => {
    if ('text' in step) {
      out.push(sse({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } }));
      step.text.forEach((t) => out.push(sse({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: t } })));
    }
    if ('thinking' in step) {
      out.push(sse({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } }));
      step.thinking.forEach((t) => out.push(sse({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: t } })));
      out.push(sse({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: step.signature ?? 'sig-up' } }));
    }
    if ('tool' in step) {
      out.push(sse({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: step.tool.id, name: step.tool.name, input: {} } }));
      step.tool.args.forEach((a) => out.push(sse({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: a } })));
    }
    out.push(sse({ type: 'content_block_stop', index }));
  });
  out.push(sse({ type: 'message_delta', delta: { stop_reason: s.stop, stop_sequence: null }, usage: { output_tokens: u.output_tokens, output_tokens_details: u.output_tokens_details } }));
  out.push(sse({ type: 'message_stop' }));
  return out;
}

export function anthropicBody(s: Scenario) {
  return {
    id: 'msg_up1',
    type: 'message',
    role: 'assistant',
    model: 'up-model',
    content: s.steps.map((st) =>
      'text' in st
        ? { type: 'text', text: st.text.join('') }
        : 'thinking' in st
          ? { type: 'thinking', thinking: st.thinking.join(''), signature: st.signature ?? 'sig-up' }
          : { type: 'tool_use', id: st.tool.id, name: st.tool.name, input: JSON.parse(st.tool.args.join('')) },
    ),
    stop_reason: s.stop,
    stop_sequence: null,
    usage: anthropicUsageOf(s.usage),
  };
}

// ---- Responses ----

export function responsesUsageOf(u: Usage) {
  const input = u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: u.cacheReadTokens, cached_creation_tokens: u.cacheWriteTokens },
    output_tokens: u.outputTokens,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens },
    total_tokens: input + u.outputTokens,
  };
}

function responsesItems(s: Scenario) {
  return s.steps.map((st, i) =>
    'text' in st
      ? { id: `msg_up_${i}`, type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: st.text.join(''), annotations: [] }] }
      : 'thinking' in st
        ? { id: `rs_up_${i}`, type: 'reasoning', summary: [{ type: 'summary_text', text: st.thinking.join('') }] }
        : { id: `fc_up_${i}`, type: 'function_call', status: 'completed', call_id: st.tool.id, name: st.tool.name, arguments: st.tool.args.join('') },
  );
}

export function responsesBody(s: Scenario) {
  return {
    id: 'resp_up1',
    object: 'response',
    created_at: 1,
    model: 'up-model',
    status: s.stop === 'max_tokens' ? 'incomplete' : 'completed',
    incomplete_details: s.stop === 'max_tokens' ? { reason: 'max_output_tokens' } : null,
    output: responsesItems(s),
    usage: responsesUsageOf(s.usage),
  };
}

export function responsesUpstream(s: Scenario): SseEvent[] {
  let seq = 0;
  const ev = (payload: Record<string, unknown> & { type: string }) => sse({ ...payload, sequence_number: seq++ });
  const base = { id: 'resp_up1', object: 'response', created_at: 1, model: 'up-model', output: [], usage: null };
  const out: SseEvent[] = [ev({ type: 'response.created', response: { ...base, status: 'in_progress' } }), ev({ type: 'response.in_progress', response: { ...base, status: 'in_progress' } })];
  const items = responsesItems(s);
  s.steps.forEach((st, output_index) => {
    const item = items[output_index];
    const item_id = item.id;
    if ('text' in st) {
      out.push(ev({ type: 'response.output_item.added', output_index, item: { ...item, status: 'in_progress', content: [] } }));
      out.push(ev({ type: 'response.content_part.added', item_id, output_index, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }));
      st.text.forEach((delta) => out.push(ev({ type: 'response.output_text.delta', item_id, output_index, content_index: 0, delta })));
      out.push(ev({ type: 'response.output_text.done', item_id, output_index, content_index: 0, text: st.text.join('') }));
    }
    if ('thinking' in st) {
      out.push(ev({ type: 'response.output_item.added', output_index, item: { ...item, summary: [] } }));
      out.push(ev({ type: 'response.reasoning_summary_part.added', item_id, output_index, summary_index: 0, part: { type: 'summary_text', text: '' } }));
      st.thinking.forEach((delta) => out.push(ev({ type: 'response.reasoning_summary_text.delta', item_id, output_index, summary_index: 0, delta })));
    }
    if ('tool' in st) {
      out.push(ev({ type: 'response.output_item.added', output_index, item: { ...item, status: 'in_progress', arguments: '' } }));
      st.tool.args.forEach((delta) => out.push(ev({ type: 'response.function_call_arguments.delta', item_id, output_index, delta })));
      out.push(ev({ type: 'response.function_call_arguments.done', item_id, output_index, arguments: st.tool.args.join('') }));
    }
    out.push(ev({ type: 'response.output_item.done', output_index, item }));
  });
  const body = responsesBody(s);
  out.push(ev({ type: s.stop === 'max_tokens' ? 'response.incomplete' : 'response.completed', response: body }));
  return out;
}

export const upstreamStream: Record<Protocol, (s: Scenario) => SseEvent[]> = {
  chat: chatUpstream,
  anthropic: anthropicUpstream,
  responses: responsesUpstream,
};

export const upstreamBody: Record<Protocol, (s: Scenario) => unknown> = {
  chat: chatBody,
  anthropic: anthropicBody,
  responses: responsesBody,
};

/**
 * What a caller should end up with for a scenario from an upstream. Chat content is one string:
 * text steps a Responses or Anthropic upstream kept apart reach it with a blank line between
 * them (a Chat upstream's own content is one string already).
 */
export function expectedReply(s: Scenario, from: Protocol, to: Protocol) {
  const textSteps = s.steps.flatMap((st) => ('text' in st ? [st.text.join('')] : []));
  return {
    text: textSteps.join(to === 'chat' && from !== 'chat' ? '\n\n' : ''),
    thinking: s.steps.flatMap((st) => ('thinking' in st ? st.thinking : [])).join(''),
    tools: s.steps.flatMap((st) => ('tool' in st ? [{ id: st.tool.id, name: st.tool.name, input: JSON.parse(st.tool.args.join('')) }] : [])),
    stop: s.stop,
    usage: s.usage,
    blocks: s.steps.map((st) => ('text' in st ? 'text' : 'thinking' in st ? 'thinking' : 'tool')),
  };
}
