import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStreamConverter, type SseEvent } from '../../../electron/core/proxy/protocols';
import { createChatPlainDeltaReader, createPlainDeltaCounter, MUST_PARSE } from '../../../electron/core/proxy/protocols/plainDelta';
import { createAnthropicStreamEncoder } from '../../../electron/core/proxy/protocols/anthropic/streamEncoder';
import { createChatStreamDecoder } from '../../../electron/core/proxy/protocols/chat/streamDecoder';
import { callerTools } from '../../../electron/core/proxy/protocols/responses/callerTools';
import { createResponsesStreamEncoder } from '../../../electron/core/proxy/protocols/responses/streamEncoder';
import type { Protocol } from '../../../shared/schemas';
import { chatChunk, SCENARIOS, upstreamStream } from './helpers/scenario';

const data = (payload: unknown): SseEvent => ({ data: JSON.stringify(payload) });
/** A fresh stream's counter for each check: the frame a counter remembers is tested on its own below. */
const plainDeltaChars = (protocol: Protocol, ev: SseEvent) => createPlainDeltaCounter(protocol)(ev);
const anthropicDelta = (delta: Record<string, unknown>): SseEvent => ({ event: 'content_block_delta', data: JSON.stringify({ type: 'content_block_delta', index: 0, delta }) });
/** The same event with its JSON spread over indented lines: equal to a parser, never plain to the raw check. */
const spaced = (ev: SseEvent): SseEvent => (ev.data.startsWith('{') ? { ...ev, data: JSON.stringify(JSON.parse(ev.data), null, 1) } : ev);

function relay(protocol: 'chat' | 'anthropic', events: SseEvent[]) {
  const converter = createStreamConverter(protocol, protocol);
  const out = [...events.flatMap((ev) => converter.push(ev)), ...converter.end()];
  return { out, usage: converter.usage(), progress: converter.progress() };
}

afterEach(() => vi.restoreAllMocks());

describe('plain text deltas read from raw text', () => {
  it('a Chat text delta counts its characters; anything else must be parsed', () => {
    expect(plainDeltaChars('chat', data(chatChunk({ content: 'word ' })))).toBe(5);
    expect(plainDeltaChars('chat', data(chatChunk({ content: 'say "hi"\n' })))).toBe(MUST_PARSE);
    expect(plainDeltaChars('chat', data(chatChunk({ content: 'done' }, 'stop')))).toBe(MUST_PARSE);
    expect(plainDeltaChars('chat', data({ ...chatChunk({ content: 'x' }), usage: { prompt_tokens: 1 } }))).toBe(MUST_PARSE);
    // Moonshot's place for usage: inside the choice, here on a chunk that is not yet the finishing one.
    expect(plainDeltaChars('chat', data({ ...chatChunk({ content: 'x' }), choices: [{ ...chatChunk({ content: 'x' }).choices[0], usage: { prompt_tokens: 1 } }] }))).toBe(MUST_PARSE);
    expect(plainDeltaChars('chat', data(chatChunk({ tool_calls: [{ index: 0, function: { arguments: '{}' } }] })))).toBe(MUST_PARSE);
    expect(plainDeltaChars('chat', data({ ...chatChunk({ content: 'a' }), choices: [chatChunk({ content: 'a' }).choices[0], { index: 1, delta: { content: 'b' }, finish_reason: null }] }))).toBe(MUST_PARSE);
    expect(plainDeltaChars('chat', data({ error: { message: 'boom' } }))).toBe(MUST_PARSE);
    expect(plainDeltaChars('chat', { data: '[DONE]' })).toBe(MUST_PARSE);
  });

  it('reads OpenAI chunks that carry "usage":null and logprobs, but not a delta with more than content', () => {
    const openAi = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', system_fingerprint: 'fp', choices: [{ index: 0, delta: { content: 'abc' }, logprobs: null, finish_reason: null }], usage: null };
    expect(plainDeltaChars('chat', data(openAi))).toBe(3);
    expect(plainDeltaChars('chat', data({ ...openAi, choices: [{ ...openAi.choices[0], delta: { content: 'abc', refusal: 'no' } }] }))).toBe(MUST_PARSE);
    expect(plainDeltaChars('chat', data({ ...openAi, choices: [{ ...openAi.choices[0], delta: { content: 'abc', tool_calls: [] } }] }))).toBe(MUST_PARSE);
  });

  it('an Anthropic text or thinking delta counts its characters; other events must be parsed', () => {
    expect(plainDeltaChars('anthropic', anthropicDelta({ type: 'text_delta', text: 'héllo' }))).toBe(5);
    expect(plainDeltaChars('anthropic', anthropicDelta({ type: 'thinking_delta', thinking: 'hmm' }))).toBe(3);
    expect(plainDeltaChars('anthropic', anthropicDelta({ type: 'text_delta', text: 'a\\b' }))).toBe(MUST_PARSE);
    expect(plainDeltaChars('anthropic', anthropicDelta({ type: 'input_json_delta', partial_json: '{"a":' }))).toBe(MUST_PARSE);
    expect(plainDeltaChars('anthropic', { event: 'message_delta', data: JSON.stringify({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 3 } }) })).toBe(MUST_PARSE);
    expect(plainDeltaChars('responses', { event: 'response.output_text.delta', data: JSON.stringify({ type: 'response.output_text.delta', delta: 'x', sequence_number: 4 }) })).toBe(MUST_PARSE);
  });
});

describe("a stream's Chat deltas read in the frame of the last plain one", () => {
  const frame = (content: string) => JSON.stringify(chatChunk({ content }));

  it('reads the next deltas of the same frame, and refuses text with a quote or backslash in it', () => {
    const read = createChatPlainDeltaReader();
    expect(read(frame('one '))).toBe('one ');
    expect(read(frame('two '))).toBe('two ');
    expect(read(frame(''))).toBe('');
    expect(read(frame('say "x"'))).toBeNull();
    expect(read(frame('a\\b'))).toBeNull();
    // Keys smuggled in where the text stands would put a quote there.
    expect(read(frame('one ').replace('one ', 'x","refusal":"no'))).toBeNull();
  });

  it('checks anything outside the frame in full: a finish, usage, another choice, another stream', () => {
    const read = createChatPlainDeltaReader();
    expect(read(frame('one '))).toBe('one ');
    expect(read(JSON.stringify(chatChunk({ content: 'end' }, 'stop')))).toBeNull();
    expect(read(JSON.stringify({ ...chatChunk({ content: 'x' }), usage: { prompt_tokens: 1 } }))).toBeNull();
    const other = { ...chatChunk({ content: 'hi' }), id: 'chatcmpl-other', model: 'm2' };
    expect(read(JSON.stringify(other))).toBe('hi');
    expect(read(JSON.stringify({ ...other, choices: [{ ...other.choices[0], delta: { content: 'there' } }] }))).toBe('there');
  });
});

describe.each(['chat', 'anthropic'] as const)('%s passthrough with plain deltas skipped', (protocol) => {
  it.each(Object.keys(SCENARIOS))('%s: events, usage and progress equal a relay that parses every event', (name) => {
    const upstream = upstreamStream[protocol](SCENARIOS[name]);
    const fast = relay(protocol, upstream);
    const parsed = relay(protocol, upstream.map(spaced));
    expect(fast.out).toEqual(upstream);
    expect(fast.usage).toEqual(parsed.usage);
    expect(fast.progress).toEqual(parsed.progress);
    expect(fast.progress.contentChars).toBeGreaterThan(0);
  });

  it('parses fewer events than the relay that parses every event', () => {
    const upstream = upstreamStream[protocol]({ steps: [{ text: Array.from({ length: 30 }, (_, i) => `w${i} `) }], stop: 'end_turn', usage: SCENARIOS.plainText.usage });
    const parse = vi.spyOn(JSON, 'parse');
    relay(protocol, upstream);
    const fastParses = parse.mock.calls.length;
    parse.mockClear();
    relay(protocol, upstream.map(spaced));
    expect(fastParses).toBeLessThan(parse.mock.calls.length - 25);
  });

  it('a stream cut off after plain deltas still gets the error event; text with escapes is counted exactly', () => {
    const upstream = upstreamStream[protocol]({ steps: [{ text: ['one ', 'say "two"\n', 'three'] }], stop: 'end_turn', usage: SCENARIOS.plainText.usage });
    const cutAt = upstream.findIndex((ev) => ev.data.includes('three')) + 1;
    const cut = relay(protocol, upstream.slice(0, cutAt));
    expect(cut.out).toHaveLength(cutAt + 1);
    expect(cut.progress.error).toBe('The upstream closed the stream before the reply was complete.');
    expect(cut.progress.contentChars).toBe('one say "two"\nthree'.length);
  });
});

describe.each(['anthropic', 'responses'] as const)('Chat upstream converted for %s with plain deltas read from raw text', (caller) => {
  const convert = (events: SseEvent[]) => {
    const converter = createStreamConverter('chat', caller);
    const out = [...events.flatMap((ev) => converter.push(ev)), ...converter.end()];
    return { out, usage: converter.usage(), progress: converter.progress() };
  };
  // Both runs stamp created_at from the clock: a frozen clock keeps a second boundary between them from showing as a difference.
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-02T00:00:00Z') }));
  afterEach(() => vi.useRealTimers());
  /** Ids made up per stream (a missing upstream id) differ between two runs; everything else must not. */
  const withoutIds = (events: SseEvent[]) => events.map((ev) => ({ ...ev, data: ev.data.replace(/"(msg|resp|call|rs|fc)_[A-Za-z0-9]+"/g, '"$1_"') }));

  it.each(Object.keys(SCENARIOS))('%s: events, usage and progress equal a converter that parses every event', (name) => {
    const upstream = upstreamStream.chat(SCENARIOS[name]);
    const fast = convert(upstream);
    const parsed = convert(upstream.map(spaced));
    expect(withoutIds(fast.out)).toEqual(withoutIds(parsed.out));
    expect(fast.usage).toEqual(parsed.usage);
    expect(fast.progress).toEqual(parsed.progress);
  });

  it('parses only the events that are not plain text deltas', () => {
    const upstream = upstreamStream.chat({ steps: [{ text: Array.from({ length: 30 }, (_, i) => `w${i} `) }], stop: 'end_turn', usage: SCENARIOS.plainText.usage });
    const parse = vi.spyOn(JSON, 'parse');
    convert(upstream);
    const fastParses = parse.mock.calls.length;
    parse.mockClear();
    convert(upstream.map(spaced));
    expect(fastParses).toBeLessThan(parse.mock.calls.length - 25);
  });
});

describe('plain text deltas that continue plain text skip the normalised events', () => {
  const chunk = (delta: Record<string, unknown>): SseEvent => data(chatChunk(delta));

  it('the Chat decoder reads a delta as one text only once its content is plain text and no tool call came', () => {
    const decoder = createChatStreamDecoder();
    expect(decoder.plainText!(chunk({ content: 'early' }))).toBeNull();
    decoder.push(chunk({ role: 'assistant', content: 'Hello' }));
    expect(decoder.plainText!(chunk({ content: ' world' }))).toBe(' world');
    expect(decoder.plainText!(chunk({ content: '' }))).toBeNull();
    expect(decoder.plainText!(chunk({ content: 'say "x"' }))).toBeNull();

    const thinking = createChatStreamDecoder();
    thinking.push(chunk({ content: '<think>plan' }));
    expect(thinking.plainText!(chunk({ content: ' more' }))).toBeNull();

    const tools = createChatStreamDecoder();
    tools.push(chunk({ tool_calls: [{ index: 0, id: 'call_1', function: { name: 'run', arguments: '{}' } }] }));
    expect(tools.plainText!(chunk({ content: 'after' }))).toBeNull();
  });

  it('the Anthropic encoder writes a delta at once only into an open text block', () => {
    const encoder = createAnthropicStreamEncoder({ model: 'm' });
    expect(encoder.text!('early')).toBeNull();
    encoder.push({ type: 'start', id: 'x', model: 'm' });
    expect(encoder.text!('no block yet')).toBeNull();
    encoder.push({ type: 'thinking', text: 'plan' });
    expect(encoder.text!('thinking is open')).toBeNull();
    encoder.push({ type: 'text', text: 'Hi' });
    expect(encoder.text!(' there')).toEqual([{ event: 'content_block_delta', data: '{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":" there"}}' }]);
    encoder.push({ type: 'finish', reason: 'end_turn', usage: null });
    expect(encoder.text!('after the end')).toBeNull();
  });

  it('the Responses encoder writes a delta at once only into an open message, numbered in turn', () => {
    const encoder = createResponsesStreamEncoder({ model: 'm', tools: callerTools({}) });
    encoder.push({ type: 'start', id: 'x', model: 'm' });
    expect(encoder.text!('no message yet')).toBeNull();
    const opened = encoder.push({ type: 'text', text: 'Hi' });
    const [delta] = encoder.text!(' there')!;
    const payload = JSON.parse(delta.data);
    expect(delta.event).toBe('response.output_text.delta');
    expect(payload).toMatchObject({ output_index: 0, content_index: 0, delta: ' there' });
    expect(payload.item_id).toBe(JSON.parse(opened.at(-1)!.data).item_id);
    expect(payload.sequence_number).toBe(JSON.parse(opened.at(-1)!.data).sequence_number + 1);
    for (const text of ['say "x"', 'a\\b', 'line\nbreak', 'tab\t', '“quotes” 中文 😀']) {
      const [ev] = encoder.text!(text)!;
      const { item_id, sequence_number } = JSON.parse(ev.data);
      expect(ev.data).toBe(JSON.stringify({ type: 'response.output_text.delta', item_id, output_index: 0, content_index: 0, delta: text, logprobs: [], sequence_number }));
    }
  });
});
