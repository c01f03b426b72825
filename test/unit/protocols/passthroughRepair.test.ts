/**
 * Chat streams passed through unchanged except where the OpenAI SDK could not read them, and the
 * byte cutter that lets the relay send an upstream's own bytes event by event.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createSseEventCutter, createSseParser, createStreamConverter, encodeSse, type SseEvent } from '../../../electron/core/proxy/protocols';
import { lastEventEnd } from '../../../electron/core/proxy/protocols/sseCutter';

const chunk = (choice: Record<string, unknown>, extra: Record<string, unknown> = {}): SseEvent => ({
  data: JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, ...choice }], ...extra }),
});
const DONE: SseEvent = { data: '[DONE]' };

/** What the OpenAI SDK's stream helper makes of events, read from their wire form (handed to it as its fetch's answer). */
async function finalChatCompletion(events: SseEvent[]): Promise<OpenAI.ChatCompletion> {
  const wire = events.map(encodeSse).join('');
  const fetch = async () => new Response(wire, { headers: { 'content-type': 'text/event-stream' } });
  const client = new OpenAI({ apiKey: 'sk-unused', baseURL: 'http://sdk.invalid/v1', fetch, maxRetries: 0 });
  return client.chat.completions.stream({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).finalChatCompletion();
}

describe('Chat passthrough repairs', () => {
  it('chunks that need nothing pass as the very same events (their bytes go out unchanged)', () => {
    const converter = createStreamConverter('chat', 'chat');
    const events = [chunk({ delta: { role: 'assistant', content: 'hi' } }), chunk({ delta: {}, finish_reason: 'stop' }), DONE];
    for (const ev of events) {
      const out = converter.push(ev);
      expect(out).toHaveLength(1);
      expect(out[0]).toBe(ev);
    }
  });

  it('tool-call fragments without index get the index of their call, so the SDK keeps the call', async () => {
    const upstream = [
      chunk({ delta: { role: 'assistant', tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'sqrt', arguments: '' } }] } }),
      chunk({ delta: { tool_calls: [{ function: { arguments: '{"n": ' } }] } }),
      chunk({ delta: { tool_calls: [{ function: { arguments: '9}' } }] } }),
      chunk({ delta: { tool_calls: [{ id: 'call_b', type: 'function', function: { name: 'abs', arguments: '{"n": -1}' } }] } }),
      chunk({ delta: {}, finish_reason: 'tool_calls' }),
      DONE,
    ];
    const converter = createStreamConverter('chat', 'chat');
    const out = upstream.flatMap((ev) => converter.push(ev));
    expect(out[0]).not.toBe(upstream[0]);
    expect(out[4]).toBe(upstream[4]);
    const calls = (await finalChatCompletion(out)).choices[0].message.tool_calls ?? [];
    expect(calls.map((c) => (c.type === 'function' ? [c.id, c.function.name, JSON.parse(c.function.arguments)] : null))).toEqual([
      ['call_a', 'sqrt', { n: 9 }],
      ['call_b', 'abs', { n: -1 }],
    ]);
  });

  it('parallel calls that share index 0 get indexes of their own; continuation fragments follow the call their index last meant', async () => {
    const upstream = [
      chunk({ delta: { role: 'assistant', tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'add', arguments: '{"a": 1}' } }] } }),
      chunk({ delta: { tool_calls: [{ index: 0, id: 'call_b', type: 'function', function: { name: 'weather', arguments: '{"city": ' } }] } }),
      chunk({ delta: { tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] } }),
      chunk({ delta: {}, finish_reason: 'tool_calls' }),
      DONE,
    ];
    const converter = createStreamConverter('chat', 'chat');
    const out = upstream.flatMap((ev) => converter.push(ev));
    expect(out[0]).toBe(upstream[0]);
    const calls = (await finalChatCompletion(out)).choices[0].message.tool_calls ?? [];
    expect(calls.map((c) => (c.type === 'function' ? [c.id, c.function.name, JSON.parse(c.function.arguments)] : null))).toEqual([
      ['call_a', 'add', { a: 1 }],
      ['call_b', 'weather', { city: 'Oslo' }],
    ]);
  });

  it('calls sent whole without ids (Gemini: all at index 0, or without index) get indexes of their own', async () => {
    const upstream = [
      chunk({ delta: { role: 'assistant', tool_calls: [{ index: 0, id: '', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] } }),
      chunk({ delta: { tool_calls: [{ index: 0, id: '', type: 'function', function: { name: 'time', arguments: '{"tz":"UTC"}' } }] } }),
      chunk({ delta: { tool_calls: [{ type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } }, { type: 'function', function: { name: 'time', arguments: '{}' } }] } }),
      chunk({ delta: {}, finish_reason: 'tool_calls' }),
      DONE,
    ];
    const converter = createStreamConverter('chat', 'chat');
    const calls = (await finalChatCompletion(upstream.flatMap((ev) => converter.push(ev)))).choices[0].message.tool_calls ?? [];
    expect(calls.map((c) => (c.type === 'function' ? [c.function.name, JSON.parse(c.function.arguments)] : null))).toEqual([
      ['weather', { city: 'Paris' }],
      ['time', { tz: 'UTC' }],
      ['weather', { city: 'Oslo' }],
      ['time', {}],
    ]);
  });

  it('a first delta without role gets role assistant (the SDK needs it); later deltas stay as they came', async () => {
    const upstream = [chunk({ delta: { content: '你好' }, finish_reason: 'stop' }), chunk({ delta: { content: '！' }, finish_reason: 'stop' }), DONE];
    const converter = createStreamConverter('chat', 'chat');
    const out = upstream.flatMap((ev) => converter.push(ev));
    expect(JSON.parse(out[0].data).choices[0].delta).toEqual({ role: 'assistant', content: '你好' });
    expect(out[1]).toBe(upstream[1]);
    expect((await finalChatCompletion(out)).choices[0].message.content).toBe('你好！');
  });

  it('a stream that never names a finish_reason gets a finish chunk before [DONE]; one that does gets none', async () => {
    const converter = createStreamConverter('chat', 'chat');
    const out = [chunk({ delta: { role: 'assistant', content: 'Hello' }, finish_reason: '' }), chunk({ delta: {}, finish_reason: '' }, { usage: { prompt_tokens: 3, completion_tokens: 1 } }), DONE].flatMap((ev) =>
      converter.push(ev),
    );
    expect(out).toHaveLength(4);
    const completion = await finalChatCompletion(out);
    expect(completion.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'Hello' } });
    expect(converter.usage()).toMatchObject({ inputTokens: 3, outputTokens: 1 });

    const normal = createStreamConverter('chat', 'chat');
    expect([chunk({ delta: { content: 'Hi' }, finish_reason: 'stop' }), DONE].flatMap((ev) => normal.push(ev))).toHaveLength(2);
  });
});

describe('cutting SSE bytes after the last whole event', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it.each([
    ['LF', 'data: a\n\ndata: b', 'data: a\n\n'.length],
    ['CRLF', 'data: a\r\n\r\ndata: b\r\n', 'data: a\r\n\r\n'.length],
    ['CR only', 'data: a\r\rdata: b', 'data: a\r\r'.length],
    ['a comment block counts as an event end', ': keep-alive\n\ndata: b\n', ': keep-alive\n\n'.length],
    ['no blank line yet', 'data: a\ndata: b\n', 0],
    ['a trailing CR waits (it may be half of CRLF)', 'data: a\r\n\r', 0],
  ])('%s', (_name, text, expected) => {
    expect(lastEventEnd(bytes(text))).toBe(expected);
  });

  it('cut at every byte offset, the pieces it lets go are whole events, in order, and nothing is lost', () => {
    const wire = 'event: a\r\ndata: {"x":"é"}\r\n\r\n: ping\n\ndata: 1\n\ndata: 2\r\rdata: 3\n\n';
    const all = bytes(wire);
    for (let size = 1; size <= 9; size++) {
      const cutter = createSseEventCutter();
      const sent: Uint8Array[] = [];
      for (let at = 0; at < all.length; at += size) sent.push(cutter.take(all.subarray(at, at + size)));
      const joined = Buffer.concat(sent);
      expect(joined.toString('utf8'), `size ${size}`).toBe(wire);
      const parser = createSseParser();
      // Each piece parses to whole events on its own: nothing dangles between pieces.
      for (const piece of sent) parser.push(piece);
      expect(parser.end()).toEqual([]);
    }
  });
});
