import { describe, expect, it } from 'vitest';
import { createStreamConverter, convertResponse, type SseEvent } from '../../../electron/core/proxy/protocols';
import { createThinkTagSplitter, splitThinkTags } from '../../../electron/core/proxy/protocols/thinkTags';

/** Feeds `pieces` one by one and joins what came out, per kind. */
function split(pieces: string[]): { thinking: string; text: string; order: string[] } {
  const splitter = createThinkTagSplitter();
  const out = [...pieces.flatMap((p) => splitter.push(p)), ...splitter.end()];
  return {
    thinking: out.flatMap((p) => (p.kind === 'thinking' ? [p.text] : [])).join(''),
    text: out.flatMap((p) => (p.kind === 'text' ? [p.text] : [])).join(''),
    order: out.map((p) => p.kind).filter((k, i, all) => all[i - 1] !== k),
  };
}

describe('<think> tags in Chat content', () => {
  it('splits a leading <think> block from the answer, dropping the whitespace around both', () => {
    expect(splitThinkTags('<think>\nPlan the reply.\n</think>\n\nHello!')).toEqual({ thinking: 'Plan the reply.', text: 'Hello!' });
  });

  it('finds tags cut anywhere by the stream, including inside the tag names', () => {
    const whole = '<think>\nStep one.\nStep two.\n</think>\n\nThe answer is 4.';
    for (let cut = 1; cut < whole.length; cut++) {
      for (const size of [1, 3, 7]) {
        const pieces = [whole.slice(0, cut), ...(whole.slice(cut).match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? [])];
        expect(split(pieces), `cut ${cut}, size ${size}`).toEqual({ thinking: 'Step one.\nStep two.', text: 'The answer is 4.', order: ['thinking', 'text'] });
      }
    }
  });

  it('leaves content alone when it does not start with <think>, even if a tag appears later', () => {
    expect(split(['Use ', '<think> tags', ' like </think> this.'])).toEqual({ thinking: '', text: 'Use <think> tags like </think> this.', order: ['text'] });
    expect(split(['<thin', 'g>'])).toEqual({ thinking: '', text: '<thing>', order: ['text'] });
  });

  it('an unclosed <think> is all thinking; a reply of only whitespace stays text', () => {
    expect(split(['<think>still ', 'thinking  '])).toEqual({ thinking: 'still thinking', text: '', order: ['thinking'] });
    expect(split(['  '])).toEqual({ thinking: '', text: '  ', order: ['text'] });
  });

  it('a Chat stream with <think> content reaches an Anthropic caller as a thinking block before the text', () => {
    const chunk = (content: string, finish: string | null = null): SseEvent => ({
      data: JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', model: 'qwen3', choices: [{ index: 0, delta: { content }, finish_reason: finish }] }),
    });
    const converter = createStreamConverter('chat', 'anthropic');
    const out = [chunk('<think>'), chunk('\nHmm.\n</th'), chunk('ink>\n\nHi'), chunk('!', 'stop'), { data: '[DONE]' }].flatMap((ev) => converter.push(ev));
    const starts = out.filter((ev) => ev.event === 'content_block_start').map((ev) => JSON.parse(ev.data).content_block.type);
    const deltas = out.filter((ev) => ev.event === 'content_block_delta').map((ev) => JSON.parse(ev.data).delta);
    expect(starts).toEqual(['thinking', 'text']);
    expect(deltas.filter((d) => d.type === 'thinking_delta').map((d) => d.thinking).join('')).toBe('Hmm.');
    expect(deltas.filter((d) => d.type === 'text_delta').map((d) => d.text).join('')).toBe('Hi!');
  });

  it('a complete Chat reply with <think> content becomes a Responses reasoning item and the answer', () => {
    const reply = { id: 'c1', object: 'chat.completion', model: 'qwen3', choices: [{ index: 0, message: { role: 'assistant', content: '<think>Hmm.</think>Hi!' }, finish_reason: 'stop' }] };
    const converted = convertResponse('chat', 'responses', reply) as { output: { type: string; summary?: { text: string }[]; content?: { text: string }[] }[] };
    expect(converted.output.map((o) => o.type)).toEqual(['reasoning', 'message']);
    expect(converted.output[1].content?.[0].text).toBe('Hi!');
  });
});
