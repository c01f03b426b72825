import { describe, expect, it } from 'vitest';
import { convertResponse, convertResponseToStream, createSseParser, createStreamConverter, createUsageTap, type SseEvent } from '../../../electron/core/proxy/protocols';
import { readAnthropicStream, readChatStream, readResponsesStream, readStream } from './helpers/callers';
import { convertStream, PAIRS, shape } from './helpers/run';
import { anthropicUpstream, chatBody, chatChunk, chatUsageOf, expectedReply, responsesBody, responsesUpstream, SCENARIOS, SEPARATE_TEXT, upstreamBody, upstreamStream, USAGE } from './helpers/scenario';

const data = (payload: unknown): SseEvent => ({ data: typeof payload === 'string' ? payload : JSON.stringify(payload) });
const DONE = data('[DONE]');
const chatUsageChunk = { id: 'chatcmpl-up1', object: 'chat.completion.chunk', created: 1, model: 'up-model', choices: [], usage: chatUsageOf(USAGE) };

describe.each(PAIRS)('stream: %s upstream -> %s caller', (from, to) => {
  it.each(Object.keys(SCENARIOS))('%s: content, tool calls, ids, stop and usage survive; the caller protocol rules hold', (name) => {
    const scenario = SCENARIOS[name];
    const { events, converter } = convertStream(from, to, upstreamStream[from](scenario), { model: 'caller-model' });
    const reply = readStream[to](events);
    const expected = expectedReply(scenario, from, to);
    expect(reply.error).toBeUndefined();
    expect(reply.model).toBe('caller-model');
    expect(reply.text).toBe(expected.text);
    expect(reply.thinking).toBe(expected.thinking);
    expect(reply.tools).toEqual(expected.tools);
    expect(reply.stop).toBe(expected.stop);
    expect(reply.usage).toEqual(USAGE);
    if (reply.blocks) expect(reply.blocks).toEqual(expected.blocks);
    expect(converter.usage()).toEqual(USAGE);
  });

  it('an upstream error before any content becomes the caller protocol error event, with the upstream message', () => {
    const upstreamError: Record<string, SseEvent[]> = {
      chat: [data({ error: { message: 'quota exhausted', type: 'insufficient_quota', code: 'insufficient_quota' } })],
      anthropic: [{ event: 'error', data: JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'quota exhausted' } }) }],
      responses: [
        { event: 'response.created', data: JSON.stringify({ type: 'response.created', sequence_number: 0, response: { id: 'resp_up1', model: 'm', status: 'in_progress', output: [] } }) },
        { event: 'response.failed', data: JSON.stringify({ type: 'response.failed', sequence_number: 1, response: { id: 'resp_up1', status: 'failed', error: { code: 'server_error', message: 'quota exhausted' }, output: [] } }) },
      ],
    };
    const { events, converter } = convertStream(from, to, upstreamError[from]);
    const reply = readStream[to](events);
    expect(reply.error?.message).toBe('quota exhausted');
    expect(reply.text).toBe('');
    expect(converter.usage()).toBeNull();
  });

  it('an upstream error after some text ends the stream with an error event, never a fake success', () => {
    const partial = upstreamStream[from](SCENARIOS.plainText).slice(0, from === 'anthropic' ? 4 : 3);
    const failure: Record<string, SseEvent> = {
      chat: data({ error: { message: 'upstream overloaded', type: 'server_error' } }),
      anthropic: { event: 'error', data: JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'upstream overloaded' } }) },
      responses: { event: 'error', data: JSON.stringify({ type: 'error', sequence_number: 9, code: 'server_error', message: 'upstream overloaded', param: null }) },
    };
    const { events } = convertStream(from, to, [...partial, failure[from], ...upstreamStream[from](SCENARIOS.plainText).slice(-2)]);
    const reply = readStream[to](events);
    expect(reply.error?.message).toBe('upstream overloaded');
    expect(reply.stop).toBe('');
    expect(events.some((e) => e.data === '[DONE]' || e.event === 'message_stop' || e.event === 'response.completed')).toBe(false);
  });

  it('a stream cut off before its end becomes an error event', () => {
    const cut = upstreamStream[from](SCENARIOS.plainText).slice(0, 4);
    const { events } = convertStream(from, to, cut);
    expect(readStream[to](events).error?.message).toBe('The upstream closed the stream before the reply was complete.');
  });

  it('a garbage upstream (not JSON) becomes a clear in-stream error instead of a throw', () => {
    const { events } = convertStream(from, to, [data('<html><body>Bad gateway</body></html>')]);
    expect(readStream[to](events).error?.message).toBe('The upstream sent a stream event that is not JSON: <html><body>Bad gateway</body></html>');
  });

  it('fail() mid-stream continues the caller stream with its error event', () => {
    const converter = createStreamConverter(from, to);
    const head = upstreamStream[from](SCENARIOS.plainText).slice(0, 4).flatMap((ev) => converter.push(ev));
    const events = [...head, ...converter.fail('socket hang up')];
    expect(readStream[to](events).error?.message).toBe('socket hang up');
    expect(converter.push(upstreamStream[from](SCENARIOS.plainText)[4])).toEqual([]);
  });

  it('a complete (non-streamed) upstream reply can be replayed as the caller stream', () => {
    const events = convertResponseToStream(from, to, upstreamBody[from](SCENARIOS.textAfterTool), { model: 'caller-model' });
    const reply = readStream[to](events);
    const expected = expectedReply(SCENARIOS.textAfterTool, from, to);
    expect({ text: reply.text, tools: reply.tools, stop: reply.stop, usage: reply.usage }).toEqual({ text: expected.text, tools: expected.tools, stop: 'tool_use', usage: USAGE });
  });
});

describe('stream: parallel tool calls keyed by index never merge', () => {
  // Two calls whose argument deltas interleave by index, as Chat allows.
  const interleaved = [
    data(chatChunk({ role: 'assistant', content: null })),
    data(chatChunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'read', arguments: '' } }] })),
    data(chatChunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'write', arguments: '{"p' } }] })),
    data(chatChunk({ tool_calls: [{ index: 0, function: { arguments: '{"path":' } }] })),
    data(chatChunk({ tool_calls: [{ index: 1, function: { arguments: '":"x"}' } }] })),
    data(chatChunk({ tool_calls: [{ index: 0, function: { arguments: '"a"}' } }] })),
    data(chatChunk({}, 'tool_calls')),
    data(chatUsageChunk),
    DONE,
  ];

  it('Chat -> Anthropic: each call is its own tool_use block, closed before the next opens', () => {
    const { events } = convertStream('chat', 'anthropic', interleaved);
    expect(shape(events)).toEqual([
      'message_start',
      'content_block_start 0 tool_use',
      'content_block_delta 0 input_json_delta',
      'content_block_stop 0',
      'content_block_start 1 tool_use',
      'content_block_delta 1 input_json_delta',
      'content_block_stop 1',
      'message_delta',
      'message_stop',
    ]);
    expect(readAnthropicStream(events).tools).toEqual([
      { id: 'call_a', name: 'read', input: { path: 'a' } },
      { id: 'call_b', name: 'write', input: { p: 'x' } },
    ]);
  });

  it('Chat -> Responses: two function_call items with their own arguments', () => {
    const { events } = convertStream('chat', 'responses', interleaved);
    expect(readResponsesStream(events).tools).toEqual([
      { id: 'call_a', name: 'read', input: { path: 'a' } },
      { id: 'call_b', name: 'write', input: { p: 'x' } },
    ]);
  });

  it('a gateway that numbers every call 0 but gives each its own id still yields two calls', () => {
    const sameIndex = [
      data(chatChunk({ role: 'assistant' })),
      data(chatChunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'read', arguments: '{"path":"a"}' } }] })),
      data(chatChunk({ tool_calls: [{ index: 0, id: 'call_b', type: 'function', function: { name: 'read', arguments: '{"path":"b"}' } }] })),
      data(chatChunk({}, 'tool_calls')),
      DONE,
    ];
    expect(readAnthropicStream(convertStream('chat', 'anthropic', sameIndex).events).tools).toEqual([
      { id: 'call_a', name: 'read', input: { path: 'a' } },
      { id: 'call_b', name: 'read', input: { path: 'b' } },
    ]);
  });

  it('a call whose name arrives after its id and first arguments starts only once the name is known', () => {
    const lateName = [
      data(chatChunk({ role: 'assistant' })),
      data(chatChunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { arguments: '{"q":' } }] })),
      data(chatChunk({ tool_calls: [{ index: 0, function: { name: 'search', arguments: '1}' } }] })),
      data(chatChunk({}, 'tool_calls')),
      DONE,
    ];
    const { events } = convertStream('chat', 'responses', lateName);
    expect(readResponsesStream(events).tools).toEqual([{ id: 'call_a', name: 'search', input: { q: 1 } }]);
  });
  // Gemini's OpenAI endpoint sends each parallel call whole, with an empty id, at index 0 or with none.
  const paris = { name: 'weather', input: { city: 'Paris' } };
  const whole = (index: number | undefined, call: { name: string; input: unknown }) => ({
    ...(index === undefined ? {} : { index, id: '' }),
    type: 'function',
    function: { name: call.name, arguments: JSON.stringify(call.input) },
  });
  it.each([
    ['at index 0, each in its own chunk', [[whole(0, paris)], [whole(0, { name: 'time', input: { tz: 'UTC' } })]]],
    ['without index, both in one chunk', [[whole(undefined, paris), whole(undefined, { name: 'time', input: { tz: 'UTC' } })]]],
    ['of the same function at index 0', [[whole(0, paris)], [whole(0, { name: 'weather', input: { city: 'Oslo' } })]]],
  ])('calls sent whole without ids, %s, stay apart', (_, chunks) => {
    const upstream = [data(chatChunk({ role: 'assistant' })), ...chunks.map((calls) => data(chatChunk({ tool_calls: calls }))), data(chatChunk({}, 'tool_calls')), DONE];
    const expected = chunks.flat().map((c) => ({ name: c.function.name, input: JSON.parse(c.function.arguments) }));
    const named = (tools: { name: string; input: unknown }[]) => tools.map(({ name, input }) => ({ name, input }));
    expect(expected).toHaveLength(2);
    expect(named(readAnthropicStream(convertStream('chat', 'anthropic', upstream).events).tools)).toEqual(expected);
    expect(named(readResponsesStream(convertStream('chat', 'responses', upstream).events).tools)).toEqual(expected);
  });

  it('a gateway that repeats the name on every fragment of one call still yields one call', () => {
    const repeated = [
      data(chatChunk({ role: 'assistant' })),
      data(chatChunk({ tool_calls: [{ index: 0, type: 'function', function: { name: 'search', arguments: '{"q":' } }] })),
      data(chatChunk({ tool_calls: [{ index: 0, type: 'function', function: { name: 'search', arguments: '"cats"}' } }] })),
      data(chatChunk({}, 'tool_calls')),
      DONE,
    ];
    const tools = readAnthropicStream(convertStream('chat', 'anthropic', repeated).events).tools;
    expect(tools.map(({ name, input }) => ({ name, input }))).toEqual([{ name: 'search', input: { q: 'cats' } }]);
  });

  it('an id that comes after the first arguments is the call id the caller gets', () => {
    const lateId = [
      data(chatChunk({ role: 'assistant' })),
      data(chatChunk({ tool_calls: [{ index: 3, function: { arguments: '{"path":"a"}' } }] })),
      data(chatChunk({ tool_calls: [{ index: 3, id: 'call_B', type: 'function', function: { name: 'write' } }] })),
      data(chatChunk({}, 'tool_calls')),
      DONE,
    ];
    expect(readAnthropicStream(convertStream('chat', 'anthropic', lateId).events).tools).toEqual([{ id: 'call_B', name: 'write', input: { path: 'a' } }]);
    expect(readResponsesStream(convertStream('chat', 'responses', lateId).events).tools).toEqual([{ id: 'call_B', name: 'write', input: { path: 'a' } }]);
  });
});

describe('stream: block order', () => {
  it('text after a tool call opens a new text block (Chat -> Anthropic), indices contiguous', () => {
    const { events } = convertStream('chat', 'anthropic', upstreamStream.chat(SCENARIOS.textAfterTool));
    expect(shape(events)).toEqual([
      'message_start',
      'content_block_start 0 text',
      'content_block_delta 0 text_delta',
      'content_block_stop 0',
      'content_block_start 1 tool_use',
      'content_block_delta 1 input_json_delta',
      'content_block_stop 1',
      'content_block_start 2 text',
      'content_block_delta 2 text_delta',
      'content_block_stop 2',
      'message_delta',
      'message_stop',
    ]);
  });

  it('reasoning_content becomes a thinking block placed before the text (Chat -> Anthropic), without an invented signature', () => {
    const { events } = convertStream('chat', 'anthropic', upstreamStream.chat(SCENARIOS.thinkingThenText));
    expect(shape(events)).toEqual([
      'message_start',
      'content_block_start 0 thinking',
      'content_block_delta 0 thinking_delta',
      'content_block_delta 0 thinking_delta',
      'content_block_stop 0',
      'content_block_start 1 text',
      'content_block_delta 1 text_delta',
      'content_block_delta 1 text_delta',
      'content_block_stop 1',
      'message_delta',
      'message_stop',
    ]);
    expect(readAnthropicStream(events).signatures).toEqual([]);
  });

  it('Anthropic thinking -> Responses reasoning item carrying the signature, then the message (exact event order)', () => {
    const { events } = convertStream('anthropic', 'responses', anthropicUpstream(SCENARIOS.thinkingThenText));
    expect(shape(events)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added 0 reasoning',
      'response.reasoning_summary_part.added 0',
      'response.reasoning_summary_text.delta 0',
      'response.reasoning_summary_text.delta 0',
      'response.reasoning_summary_text.done 0',
      'response.reasoning_summary_part.done 0',
      'response.output_item.done 0 reasoning',
      'response.output_item.added 1 message',
      'response.content_part.added 1',
      'response.output_text.delta 1',
      'response.output_text.delta 1',
      'response.output_text.done 1',
      'response.content_part.done 1',
      'response.output_item.done 1 message',
      'response.completed',
    ]);
    expect(readResponsesStream(events).signatures).toEqual(['anthropic-signature:sig-up']);
  });

  it('Anthropic thinking -> Chat reasoning_content deltas before the content (exact chunk order)', () => {
    const { events } = convertStream('anthropic', 'chat', anthropicUpstream(SCENARIOS.thinkingThenText));
    expect(shape(events)).toEqual(['role+content', 'reasoning_content', 'reasoning_content', 'content', 'content', 'finish:stop', 'usage', '[DONE]']);
  });

  it('Responses reasoning summary -> Anthropic thinking block before text', () => {
    const reply = readAnthropicStream(convertStream('responses', 'anthropic', responsesUpstream(SCENARIOS.thinkingThenText)).events);
    expect(reply.blocks).toEqual(['thinking', 'text']);
    expect(reply.thinking).toBe('Let me think.');
  });
});

describe('stream: pieces of text the upstream kept apart stay apart', () => {
  const pieces = ['I read the file.', 'Now I will edit it.', 'Done.'];

  it('Responses message items -> Anthropic: each item is its own text block', () => {
    const reply = readAnthropicStream(convertStream('responses', 'anthropic', responsesUpstream(SEPARATE_TEXT)).events);
    expect(reply.blocks).toEqual(['text', 'text', 'tool', 'text']);
    expect(reply.texts).toEqual(pieces);
  });

  it('Responses message items -> Chat: content has a blank line between items, also around a call', () => {
    const reply = readChatStream(convertStream('responses', 'chat', responsesUpstream(SEPARATE_TEXT)).events);
    expect(reply.text).toBe(pieces.join('\n\n'));
  });

  it('Responses items sent only as output_item.done (no deltas) are kept apart too', () => {
    const doneOnly = responsesUpstream(SEPARATE_TEXT).filter((ev) => !ev.event?.endsWith('.delta'));
    expect(readChatStream(convertStream('responses', 'chat', doneOnly).events).text).toBe(pieces.join('\n\n'));
    expect(readAnthropicStream(convertStream('responses', 'anthropic', doneOnly).events).texts).toEqual(pieces);
  });

  it('two Responses reasoning items -> Chat reasoning_content with a break, Anthropic two thinking blocks', () => {
    const scenario = { steps: [{ thinking: ['First I ', 'look.'] }, { thinking: ['Then I act.'] }, { text: ['Ok.'] }], stop: 'end_turn' as const, usage: USAGE };
    expect(readChatStream(convertStream('responses', 'chat', responsesUpstream(scenario)).events).thinking).toBe('First I look.\n\nThen I act.');
    expect(readAnthropicStream(convertStream('responses', 'anthropic', responsesUpstream(scenario)).events).blocks).toEqual(['thinking', 'thinking', 'text']);
  });

  it('a complete Responses reply replayed as a stream keeps its items apart', () => {
    expect(readAnthropicStream(convertResponseToStream('responses', 'anthropic', responsesBody(SEPARATE_TEXT))).texts).toEqual(pieces);
    expect(readChatStream(convertResponseToStream('responses', 'chat', responsesBody(SEPARATE_TEXT))).text).toBe(pieces.join('\n\n'));
  });

  it('Anthropic text on either side of a tool_use -> Chat: a blank line between; adjacent text blocks (a citation split) join as they are', () => {
    expect(readChatStream(convertStream('anthropic', 'chat', anthropicUpstream(SCENARIOS.textAfterTool)).events).text).toBe('Before.\n\nAfter.');
    const cited = { steps: [{ text: ['The grass is '] }, { text: ['green'] }, { text: ['.'] }], stop: 'end_turn' as const, usage: USAGE };
    expect(readChatStream(convertStream('anthropic', 'chat', anthropicUpstream(cited)).events).text).toBe('The grass is green.');
    expect(readResponsesStream(convertStream('anthropic', 'responses', anthropicUpstream(cited)).events).texts).toEqual(['The grass is green.']);
  });
});

describe('stream: usage', () => {
  it('Anthropic message_delta waits for the usage chunk that follows finish_reason', () => {
    const converter = createStreamConverter('chat', 'anthropic');
    const head = [data(chatChunk({ role: 'assistant', content: 'Hi' })), data(chatChunk({}, 'stop'))].flatMap((ev) => converter.push(ev));
    expect(head.map((e) => e.event)).toEqual(['message_start', 'content_block_start', 'content_block_delta']);
    const tail = [...converter.push(data(chatUsageChunk)), ...converter.push(DONE)];
    expect(tail.map((e) => e.event)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(JSON.parse(tail[1].data).usage).toEqual({
      input_tokens: 40,
      output_tokens: 20,
      cache_read_input_tokens: 60,
      cache_creation_input_tokens: 5,
      output_tokens_details: { thinking_tokens: 3 },
    });
  });

  it('Anthropic input_tokens excludes cached tokens: prompt 105 with 60 read and 5 written is input 40', () => {
    const { events } = convertStream('chat', 'anthropic', upstreamStream.chat(SCENARIOS.plainText));
    const delta = events.find((e) => e.event === 'message_delta')!;
    const usage = JSON.parse(delta.data).usage;
    expect(usage.input_tokens + usage.cache_read_input_tokens + usage.cache_creation_input_tokens).toBe(105);
    expect(usage.input_tokens).toBe(40);
  });

  it('usage reported in the finishing choice (Moonshot), with cached_tokens beside prompt_tokens, is read', () => {
    const finishing = { ...chatChunk({}, 'stop'), choices: [{ index: 0, delta: {}, finish_reason: 'stop', usage: { prompt_tokens: 1200, completion_tokens: 7, total_tokens: 1207, cached_tokens: 1000 } }] };
    const upstream = [data(chatChunk({ role: 'assistant', content: 'Hi' })), data(finishing), DONE];
    const moonshot = { inputTokens: 200, outputTokens: 7, cacheReadTokens: 1000, cacheWriteTokens: 0, reasoningTokens: 0 };
    const { events, converter } = convertStream('chat', 'anthropic', upstream);
    expect(converter.usage()).toEqual(moonshot);
    expect(readAnthropicStream(events).usage).toEqual(moonshot);
    const toResponses = convertStream('chat', 'responses', upstream);
    expect(toResponses.converter.usage()).toEqual(moonshot);
    expect(readResponsesStream(toResponses.events).usage).toEqual(moonshot);
    const tap = createUsageTap('chat');
    for (const ev of upstream) tap.push(ev);
    tap.end();
    expect(tap.usage()).toEqual(moonshot);
  });

  it('Anthropic usage from message_start and message_delta is merged, later values winning', () => {
    const upstream = anthropicUpstream(SCENARIOS.plainText);
    const { converter } = convertStream('anthropic', 'chat', upstream);
    expect(converter.usage()).toEqual(USAGE);
  });

  it('a Chat caller gets the usage chunk only when its request asked for it', () => {
    const upstream = anthropicUpstream(SCENARIOS.plainText);
    const asked = convertStream('anthropic', 'chat', upstream, { request: { stream: true, stream_options: { include_usage: true } } }).events;
    const notAsked = convertStream('anthropic', 'chat', upstream, { request: { stream: true } }).events;
    expect(readChatStream(asked).usage).toEqual(USAGE);
    expect(readChatStream(notAsked).usage).toBeNull();
    expect(shape(notAsked)).toEqual(['role+content', 'content', 'content', 'content', 'finish:stop', '[DONE]']);
  });

  it('Responses completed carries usage with cached and reasoning details', () => {
    const { events } = convertStream('chat', 'responses', upstreamStream.chat(SCENARIOS.plainText));
    const completed = JSON.parse(events[events.length - 1].data);
    expect(completed.type).toBe('response.completed');
    expect(completed.response.usage).toEqual({
      input_tokens: 105,
      input_tokens_details: { cached_tokens: 60, cached_creation_tokens: 5 },
      output_tokens: 20,
      output_tokens_details: { reasoning_tokens: 3 },
      total_tokens: 125,
    });
  });

  it.each(['chat', 'anthropic', 'responses'] as const)('the %s usage tap reads usage from a passed-through stream without changing it', (protocol) => {
    const upstream = upstreamStream[protocol](SCENARIOS.singleTool);
    const tap = createUsageTap(protocol);
    for (const ev of upstream) tap.push(ev);
    tap.end();
    expect(tap.usage()).toEqual(USAGE);
    const passthrough = createStreamConverter(protocol, protocol);
    expect(upstream.flatMap((ev) => passthrough.push(ev))).toEqual(upstream);
    expect(passthrough.usage()).toEqual(USAGE);
  });
});

describe('stream: same protocol (passthrough)', () => {
  it.each(['chat', 'anthropic', 'responses'] as const)('%s: garbage from the upstream becomes an error event in the protocol, then nothing more', (protocol) => {
    const converter = createStreamConverter(protocol, protocol);
    const head = upstreamStream[protocol](SCENARIOS.plainText).slice(0, 3);
    const events = [...head.flatMap((ev) => converter.push(ev)), ...converter.push(data('{not json')), ...converter.push(head[2]), ...converter.end()];
    expect(events.slice(0, 3)).toEqual(head);
    expect(events).toHaveLength(4);
    expect(readStream[protocol](events).error?.message).toBe('The upstream sent a stream event that is not JSON: {not json');
  });

  it.each(['chat', 'anthropic', 'responses'] as const)('%s: a stream cut off before its end gets an error event; the upstream own error passes unchanged', (protocol) => {
    const cut = createStreamConverter(protocol, protocol);
    const head = upstreamStream[protocol](SCENARIOS.plainText).slice(0, 3);
    const events = [...head.flatMap((ev) => cut.push(ev)), ...cut.end()];
    expect(events).toHaveLength(4);
    expect(readStream[protocol](events).error?.message).toBe('The upstream closed the stream before the reply was complete.');

    const own: Record<string, SseEvent> = {
      chat: data({ error: { message: 'boom', type: 'server_error' } }),
      anthropic: { event: 'error', data: JSON.stringify({ type: 'error', error: { type: 'api_error', message: 'boom' } }) },
      responses: { event: 'error', data: JSON.stringify({ type: 'error', code: 'server_error', message: 'boom', sequence_number: 3 }) },
    };
    const relay = createStreamConverter(protocol, protocol);
    expect(relay.push(own[protocol])).toEqual([own[protocol]]);
    expect(relay.end()).toEqual([]);
  });
});

describe('stream: stop reasons', () => {
  it('Chat length -> Anthropic max_tokens -> and Responses incomplete(max_output_tokens)', () => {
    const toAnthropic = convertStream('chat', 'anthropic', upstreamStream.chat(SCENARIOS.maxTokens)).events;
    expect(readAnthropicStream(toAnthropic).stop).toBe('max_tokens');
    const toResponses = convertStream('chat', 'responses', upstreamStream.chat(SCENARIOS.maxTokens)).events;
    const last = JSON.parse(toResponses[toResponses.length - 1].data);
    expect([last.type, last.response.status, last.response.incomplete_details]).toEqual(['response.incomplete', 'incomplete', { reason: 'max_output_tokens' }]);
  });

  it('content_filter -> refusal -> content_filter', () => {
    const filtered = [data(chatChunk({ role: 'assistant', content: 'I can' })), data(chatChunk({}, 'content_filter')), DONE];
    const anthropic = convertStream('chat', 'anthropic', filtered).events;
    expect(readAnthropicStream(anthropic).stop).toBe('refusal');
    const back = convertStream('anthropic', 'chat', anthropic).events;
    expect(shape(back).filter((s) => s.startsWith('finish'))).toEqual(['finish:content_filter']);
  });

  it('a Chat "stop" finish on a reply with tool calls reads as tool_use', () => {
    const upstream = [
      data(chatChunk({ role: 'assistant' })),
      data(chatChunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'ls', arguments: '{}' } }] })),
      data(chatChunk({}, 'stop')),
      DONE,
    ];
    expect(readAnthropicStream(convertStream('chat', 'anthropic', upstream).events).stop).toBe('tool_use');
  });
});

describe('stream: tool arguments and custom tools', () => {
  it('unparsable arguments reach an Anthropic caller wrapped, never dropped; OpenAI callers get them as sent', () => {
    const upstream = [
      data(chatChunk({ role: 'assistant' })),
      data(chatChunk({ tool_calls: [{ index: 0, id: 'call_bad', type: 'function', function: { name: 'edit', arguments: '{"path": "a.txt", "text": "unterminated' } }] })),
      data(chatChunk({}, 'tool_calls')),
      DONE,
    ];
    expect(readAnthropicStream(convertStream('chat', 'anthropic', upstream).events).tools).toEqual([
      { id: 'call_bad', name: 'edit', input: { raw_arguments: '{"path": "a.txt", "text": "unterminated' } },
    ]);
    const responses = convertStream('chat', 'responses', upstream).events;
    const done = responses.map((e) => JSON.parse(e.data)).find((p) => p.type === 'response.output_item.done');
    expect(done.item.arguments).toBe('{"path": "a.txt", "text": "unterminated');
  });

  it("a call to Codex's custom apply_patch tool comes back as custom_tool_call with the raw patch as input", () => {
    const patch = '*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch';
    const upstream = [
      data(chatChunk({ role: 'assistant' })),
      data(chatChunk({ tool_calls: [{ index: 0, id: 'call_patch', type: 'function', function: { name: 'apply_patch', arguments: JSON.stringify({ input: patch }) } }] })),
      data(chatChunk({}, 'tool_calls')),
      DONE,
    ];
    const request = { tools: [{ type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: x' } }] };
    const { events } = convertStream('chat', 'responses', upstream, { request });
    expect(shape(events).slice(2, 6)).toEqual([
      'response.output_item.added 0 custom_tool_call',
      'response.custom_tool_call_input.delta 0',
      'response.custom_tool_call_input.done 0',
      'response.output_item.done 0 custom_tool_call',
    ]);
    expect(readResponsesStream(events).tools).toEqual([{ id: 'call_patch', name: 'apply_patch', input: patch }]);
  });

  it("a call to a tool in one of Codex's namespaces (its sub-agent tools) comes back with its name and namespace apart", () => {
    const spawn = { type: 'function', name: 'spawn_agent', parameters: { type: 'object', properties: { message: { type: 'string' } } } };
    const request = { tools: [{ type: 'namespace', name: 'multi_agent_v1', description: 'Sub-agents', tools: [spawn] }] };
    const upstream = [
      data(chatChunk({ role: 'assistant' })),
      data(chatChunk({ tool_calls: [{ index: 0, id: 'call_sp', type: 'function', function: { name: 'multi_agent_v1__spawn_agent', arguments: '{"message":"go"}' } }] })),
      data(chatChunk({}, 'tool_calls')),
      DONE,
    ];
    const items = convertStream('chat', 'responses', upstream, { request })
      .events.map((ev) => JSON.parse(ev.data))
      .filter((p) => p.type === 'response.output_item.added' || p.type === 'response.output_item.done')
      .map((p) => ({ name: p.item.name, namespace: p.item.namespace }));
    expect(items).toEqual([
      { name: 'spawn_agent', namespace: 'multi_agent_v1' },
      { name: 'spawn_agent', namespace: 'multi_agent_v1' },
    ]);
    const whole = convertResponse('chat', 'responses', chatBody({ steps: [{ tool: { id: 'call_sp', name: 'multi_agent_v1__spawn_agent', args: ['{}'] } }], stop: 'tool_use', usage: USAGE }), { request });
    expect(whole.output).toEqual([{ id: 'fc_up1_0', type: 'function_call', status: 'completed', call_id: 'call_sp', name: 'spawn_agent', namespace: 'multi_agent_v1', arguments: '{}' }]);
  });

  it('Responses upstreams that send only output_item.done (no deltas) still deliver text and calls', () => {
    const seq = (n: number) => ({ sequence_number: n });
    const upstream: SseEvent[] = [
      { event: 'response.created', data: JSON.stringify({ type: 'response.created', ...seq(0), response: { id: 'resp_x', model: 'm', output: [] } }) },
      { event: 'response.output_item.done', data: JSON.stringify({ type: 'response.output_item.done', ...seq(1), output_index: 0, item: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hi' }] } }) },
      { event: 'response.output_item.done', data: JSON.stringify({ type: 'response.output_item.done', ...seq(2), output_index: 1, item: { type: 'function_call', call_id: 'call_1', name: 'ls', arguments: '{"d":1}' } }) },
      { event: 'response.completed', data: JSON.stringify({ type: 'response.completed', ...seq(3), response: { id: 'resp_x', status: 'completed', output: [], usage: null } }) },
    ];
    const reply = readAnthropicStream(convertStream('responses', 'anthropic', upstream).events);
    expect([reply.text, reply.tools, reply.stop]).toEqual(['Hi', [{ id: 'call_1', name: 'ls', input: { d: 1 } }], 'tool_use']);
  });

  it('Anthropic upstreams that put the whole tool input in content_block_start still deliver it', () => {
    const ev = <T extends { type: string }>(p: T) => ({ event: p.type, data: JSON.stringify(p) });
    const upstream = [
      ev({ type: 'message_start', message: { id: 'msg_1', model: 'm', usage: { input_tokens: 3, output_tokens: 0 } } }),
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'ls', input: { dir: '/' } } }),
      ev({ type: 'content_block_stop', index: 0 }),
      ev({ type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 2 } }),
      ev({ type: 'message_stop' }),
    ];
    expect(readChatStream(convertStream('anthropic', 'chat', upstream).events).tools).toEqual([{ id: 'toolu_1', name: 'ls', input: { dir: '/' } }]);
  });
});

describe('stream: garbage and truncation edge cases', () => {
  it('an HTML page served as an event stream ends as an error, not as an empty success', () => {
    const parser = createSseParser();
    const parsed = [...parser.push('<!doctype html>\n<html><body>502 Bad gateway</body></html>\n'), ...parser.end()];
    expect(parsed).toEqual([]);
    const converter = createStreamConverter('chat', 'anthropic');
    const events = [...parsed.flatMap((ev) => converter.push(ev)), ...converter.end()];
    expect(readAnthropicStream(events).error).toEqual({ type: 'api_error', message: 'The upstream closed the stream before the reply was complete.' });
  });

  it('a Chat stream that reached its finish_reason but lost [DONE] still finishes', () => {
    const upstream = [data(chatChunk({ role: 'assistant', content: 'ok' })), data(chatChunk({}, 'stop')), data(chatUsageChunk)];
    const reply = readAnthropicStream(convertStream('chat', 'anthropic', upstream).events);
    expect([reply.text, reply.stop, reply.usage]).toEqual(['ok', 'end_turn', USAGE]);
  });

  it('upstream error kinds map to caller kinds (OpenAI rate limit -> Anthropic rate_limit_error)', () => {
    const { events } = convertStream('chat', 'anthropic', [data({ error: { message: 'slow down', type: 'requests', code: 'rate_limit_exceeded' } })]);
    expect(readAnthropicStream(events).error).toEqual({ type: 'rate_limit_error', message: 'slow down' });
  });

  it('Responses caller: an error before anything opens the response first, then response.failed', () => {
    const { events } = convertStream('anthropic', 'responses', [{ event: 'error', data: JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'busy' } }) }]);
    expect(shape(events)).toEqual(['response.created', 'response.in_progress', 'response.failed']);
    expect(JSON.parse(events[2].data).response.error).toEqual({ type: 'server_error', code: 'server_error', message: 'busy' });
  });
});
