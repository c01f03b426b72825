import { describe, expect, it } from 'vitest';
import { convertResponse, convertResponseToStream, createStreamConverter, createUsageTap, estimateInputTokens, estimateOutputTokens, type SseEvent } from '../../../electron/core/proxy/protocols';

const QUESTION = 'How many tokens does this conversation hold so far, roughly?';
const ANSWER = 'About twenty, by the look of it.';
const requests = {
  anthropic: { model: 'm', max_tokens: 100, stream: true, messages: [{ role: 'user', content: QUESTION }] },
  chat: { model: 'm', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: QUESTION }] },
  responses: { model: 'm', stream: true, input: QUESTION },
};
const INPUT = estimateInputTokens('chat', requests.chat);
const OUTPUT = estimateOutputTokens(ANSWER.length);

const typed = (payload: Record<string, unknown>): SseEvent => ({ event: String(payload.type), data: JSON.stringify(payload) });
const chunk = (delta: object, finish: string | null = null, extra: object = {}): SseEvent => ({
  data: JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }], ...extra }),
});
const DONE: SseEvent = { data: '[DONE]' };

/** A Chat stream, with a usage chunk only when `usage` is given. */
const chatStream = (usage?: object): SseEvent[] => [
  chunk({ role: 'assistant', content: ANSWER }),
  chunk({}, 'stop'),
  ...(usage ? [{ data: JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage }) }] : []),
  DONE,
];

/** A Responses stream whose response.completed carries `usage` (null: the gateway reported none). */
const responsesStream = (usage: object | null): SseEvent[] => {
  const item = { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: ANSWER, annotations: [] }] };
  return [
    typed({ type: 'response.created', sequence_number: 0, response: { id: 'resp_1', status: 'in_progress', output: [] } }),
    typed({ type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: { ...item, status: 'in_progress', content: [] } }),
    typed({ type: 'response.output_text.delta', sequence_number: 2, item_id: 'msg_1', output_index: 0, content_index: 0, delta: ANSWER }),
    typed({ type: 'response.output_item.done', sequence_number: 3, output_index: 0, item }),
    typed({ type: 'response.completed', sequence_number: 4, response: { id: 'resp_1', status: 'completed', output: [item], usage } }),
  ];
};

/**
 * An Anthropic stream as a relay sends it: usage in message_start and in message_delta (either
 * omitted when null), the text in two deltas.
 */
const anthropicStream = (startUsage: object | null, deltaUsage: object | null): SseEvent[] => [
  typed({ type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [], stop_reason: null, stop_sequence: null, ...(startUsage ? { usage: startUsage } : {}) } }),
  typed({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
  typed({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ANSWER.slice(0, 10) } }),
  typed({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ANSWER.slice(10) } }),
  typed({ type: 'content_block_stop', index: 0 }),
  typed({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, ...(deltaUsage ? { usage: deltaUsage } : {}) }),
  typed({ type: 'message_stop' }),
];
const ANTHROPIC_ZEROS = { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

const payloads = (events: SseEvent[]) => events.filter((e) => e.data !== '[DONE]').map((e) => JSON.parse(e.data) as Record<string, any>);
const run = (from: 'anthropic' | 'chat' | 'responses', to: 'anthropic' | 'chat' | 'responses', events: SseEvent[]) => {
  const converter = createStreamConverter(from, to, { request: requests[to] });
  return { out: payloads([...events.flatMap((e) => converter.push(e)), ...converter.end()]), reported: converter.usage() };
};

describe('a stream whose upstream reported no usage gives the caller the estimate', () => {
  it('converted for Claude Code: message_delta carries the estimated input and output (the ledger still knows none was reported)', () => {
    const { out, reported } = run('chat', 'anthropic', chatStream());
    expect(out.find((e) => e.type === 'message_delta')!.usage).toMatchObject({ input_tokens: INPUT, output_tokens: OUTPUT });
    expect(reported).toBeNull();
  });

  it('converted for Codex: response.completed carries it', () => {
    const { out } = run('chat', 'responses', chatStream());
    expect(out.at(-1)).toMatchObject({ type: 'response.completed', response: { usage: { input_tokens: INPUT, output_tokens: OUTPUT, total_tokens: INPUT + OUTPUT } } });
  });

  it('passed through to Codex: response.completed gets it in place of its null usage', () => {
    const { out, reported } = run('responses', 'responses', responsesStream(null));
    expect(out.at(-1)).toMatchObject({ type: 'response.completed', sequence_number: 4, response: { id: 'resp_1', usage: { input_tokens: INPUT, output_tokens: OUTPUT } } });
    expect(reported).toBeNull();
  });

  it('passed through to a Chat caller that asked for usage: a usage chunk before [DONE]', () => {
    const converter = createStreamConverter('chat', 'chat', { request: requests.chat });
    const out = chatStream().flatMap((e) => converter.push(e));
    expect(out.at(-1)).toBe(DONE);
    expect(JSON.parse(out.at(-2)!.data)).toMatchObject({ id: 'c1', choices: [], usage: { prompt_tokens: INPUT, completion_tokens: OUTPUT } });
    const notAsked = createStreamConverter('chat', 'chat', { request: { ...requests.chat, stream_options: undefined } });
    expect(payloads(chatStream().flatMap((e) => notAsked.push(e))).some((p) => p.usage)).toBe(false);
  });

  it('passed through to a Chat caller: a usage chunk of all zeros carries the estimate instead, and is the only usage chunk', () => {
    const zeros = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
    for (const request of [requests.chat, { ...requests.chat, stream_options: undefined }]) {
      const converter = createStreamConverter('chat', 'chat', { request });
      const out = chatStream(zeros).flatMap((e) => converter.push(e));
      expect(out.at(-1)).toBe(DONE);
      const usageChunks = payloads(out).filter((p) => p.usage);
      expect(usageChunks).toEqual([expect.objectContaining({ id: 'c1', choices: [], usage: expect.objectContaining({ prompt_tokens: INPUT, completion_tokens: OUTPUT }) })]);
      expect(converter.usage()).toBeNull();
    }
  });

  it('converted for Claude Code from a Chat stream reporting all zeros: message_delta carries the estimate', () => {
    const { out, reported } = run('chat', 'anthropic', chatStream({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }));
    expect(out.find((e) => e.type === 'message_delta')!.usage).toMatchObject({ input_tokens: INPUT, output_tokens: OUTPUT });
    expect(reported).toBeNull();
  });

  it('passed through to Claude Code, usage of all zeros in message_start and message_delta: message_delta carries the estimate, every other event goes as it came', () => {
    const events = anthropicStream({ ...ANTHROPIC_ZEROS, output_tokens: 1 }, ANTHROPIC_ZEROS);
    const converter = createStreamConverter('anthropic', 'anthropic', { request: requests.anthropic });
    const out = [...events.flatMap((e) => converter.push(e)), ...converter.end()];
    expect(out).toHaveLength(events.length);
    out.forEach((e, i) => (i === 5 ? expect(e.event).toBe('message_delta') : expect(e).toBe(events[i])));
    expect(JSON.parse(out[5].data)).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { input_tokens: INPUT, output_tokens: OUTPUT, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
    expect(converter.usage()).toBeNull();
  });

  it('passed through to Claude Code, no usage in message_delta and zeros in message_start: message_delta gets the estimate', () => {
    const converter = createStreamConverter('anthropic', 'anthropic', { request: requests.anthropic });
    const out = payloads(anthropicStream(ANTHROPIC_ZEROS, null).flatMap((e) => converter.push(e)));
    expect(out.find((e) => e.type === 'message_delta')!.usage).toMatchObject({ input_tokens: INPUT, output_tokens: OUTPUT });
  });

  it('a complete Anthropic reply of all zeros passed through: its usage is the estimate', () => {
    const body = { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [{ type: 'text', text: ANSWER }], stop_reason: 'end_turn', stop_sequence: null, usage: ANTHROPIC_ZEROS };
    const reply = convertResponse('anthropic', 'anthropic', body, { request: { ...requests.anthropic, stream: false } });
    expect(reply).toEqual({ ...body, usage: { input_tokens: INPUT, output_tokens: OUTPUT, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } });
  });

  it('a complete reply turned into a stream carries it too', () => {
    const body = { id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: ANSWER }, finish_reason: 'stop' }] };
    const out = payloads(convertResponseToStream('chat', 'anthropic', body, { request: requests.anthropic }));
    expect(out.find((e) => e.type === 'message_delta')!.usage).toMatchObject({ input_tokens: INPUT, output_tokens: OUTPUT });
  });
});

describe('usage the upstream reported goes as it came', () => {
  it('passed through: the very same events', () => {
    const events = responsesStream({ input_tokens: 5, output_tokens: 6, total_tokens: 11 });
    const converter = createStreamConverter('responses', 'responses', { request: requests.responses });
    events.forEach((e) => expect(converter.push(e)).toEqual([e]));
    const chat = createStreamConverter('chat', 'chat', { request: requests.chat });
    chatStream({ prompt_tokens: 5, completion_tokens: 6, total_tokens: 11 }).forEach((e) => expect(chat.push(e)).toEqual([e]));
  });

  it('passed through to Claude Code: a real count (input, output or cache reads, in either event) leaves the very same events', () => {
    for (const [start, delta] of [
      [{ input_tokens: 25, output_tokens: 1 }, { output_tokens: 6 }],
      [ANTHROPIC_ZEROS, { output_tokens: 7 }],
      [{ ...ANTHROPIC_ZEROS, cache_read_input_tokens: 300 }, { output_tokens: 0 }],
    ]) {
      const converter = createStreamConverter('anthropic', 'anthropic', { request: requests.anthropic });
      anthropicStream(start, delta).forEach((e) => expect(converter.push(e)).toEqual([e]));
      expect(converter.usage()).not.toBeNull();
    }
    const body = { id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'text', text: ANSWER }], usage: { input_tokens: 0, output_tokens: 7 } };
    expect(convertResponse('anthropic', 'anthropic', body, { request: requests.anthropic })).toBe(body);
  });

  it('converted: the reported counts, not the estimate', () => {
    const { out } = run('chat', 'anthropic', chatStream({ prompt_tokens: 5, completion_tokens: 6, total_tokens: 11 }));
    expect(out.find((e) => e.type === 'message_delta')!.usage).toMatchObject({ input_tokens: 5, output_tokens: 6 });
  });
});

describe('an Anthropic stream whose message_delta has no final output count', () => {
  /** What message_start reports at Anthropic: the input, and a provisional output of 1. */
  const START = { input_tokens: 25, output_tokens: 1 };
  const REPORTED_INPUT = { inputTokens: 25, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };

  it('passed through to Claude Code: message_delta gets the output estimate alone, every other event goes as it came', () => {
    const events = anthropicStream(START, null);
    const converter = createStreamConverter('anthropic', 'anthropic', { request: requests.anthropic });
    const out = [...events.flatMap((e) => converter.push(e)), ...converter.end()];
    expect(out).toHaveLength(events.length);
    out.forEach((e, i) => (i === 5 ? expect(e.event).toBe('message_delta') : expect(e).toBe(events[i])));
    expect(JSON.parse(out[5].data)).toEqual({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: OUTPUT } });
    expect(converter.usage()).toEqual({ ...REPORTED_INPUT, outputTokens: OUTPUT, outputEstimated: true });
  });

  it('passed through: counts message_delta did report stay beside the output estimate', () => {
    const converter = createStreamConverter('anthropic', 'anthropic', { request: requests.anthropic });
    const out = payloads(anthropicStream(START, { input_tokens: 30, cache_read_input_tokens: 200 }).flatMap((e) => converter.push(e)));
    expect(out.find((e) => e.type === 'message_delta')!.usage).toEqual({ input_tokens: 30, cache_read_input_tokens: 200, output_tokens: OUTPUT });
    expect(converter.usage()).toEqual({ ...REPORTED_INPUT, inputTokens: 30, cacheReadTokens: 200, outputTokens: OUTPUT, outputEstimated: true });
  });

  it.each(['chat', 'responses'] as const)('converted for a %s caller: the reported input beside the output estimate', (to) => {
    const { out, reported } = run('anthropic', to, anthropicStream(START, null));
    expect(reported).toEqual({ ...REPORTED_INPUT, outputTokens: OUTPUT, outputEstimated: true });
    const usage = to === 'chat' ? out.find((p) => p.usage)!.usage : out.at(-1)!.response.usage;
    expect(usage).toMatchObject(to === 'chat' ? { prompt_tokens: 25, completion_tokens: OUTPUT } : { input_tokens: 25, output_tokens: OUTPUT });
  });

  it('with no usage in message_start either: message_start gets zeros (the SDK writes into them) and message_delta the whole estimate', () => {
    const events = anthropicStream(null, null);
    const converter = createStreamConverter('anthropic', 'anthropic', { request: requests.anthropic });
    const out = payloads(events.flatMap((e) => converter.push(e)));
    expect(out[0]).toEqual({ ...JSON.parse(events[0].data), message: { ...JSON.parse(events[0].data).message, usage: ANTHROPIC_ZEROS } });
    expect(out.find((e) => e.type === 'message_delta')!.usage).toEqual({ ...ANTHROPIC_ZEROS, input_tokens: INPUT, output_tokens: OUTPUT });
    expect(converter.usage()).toBeNull();
  });

  it('message_start of zeros but its provisional output, and no final count: no usage at all, estimated whole', () => {
    const converter = createStreamConverter('anthropic', 'anthropic', { request: requests.anthropic });
    const out = payloads(anthropicStream({ input_tokens: 0, output_tokens: 1 }, null).flatMap((e) => converter.push(e)));
    expect(out.find((e) => e.type === 'message_delta')!.usage).toMatchObject({ input_tokens: INPUT, output_tokens: OUTPUT });
    expect(converter.usage()).toBeNull();
  });
});

describe('a Chat stream that reports usage at the top level of its finishing chunk', () => {
  const ZEROS = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  const moonshotStream = (usage: object): SseEvent[] => [chunk({ role: 'assistant', content: ANSWER }), chunk({}, 'stop', { usage }), DONE];

  it('usage of all zeros there: that chunk carries the estimate instead, and no usage chunk is added, asked for or not', () => {
    for (const request of [requests.chat, { ...requests.chat, stream_options: undefined }]) {
      const converter = createStreamConverter('chat', 'chat', { request });
      const out = moonshotStream(ZEROS).flatMap((e) => converter.push(e));
      expect(out).toHaveLength(3);
      expect(out.at(-1)).toBe(DONE);
      const withUsage = payloads(out).filter((p) => p.usage);
      expect(withUsage).toEqual([
        expect.objectContaining({ choices: [expect.objectContaining({ finish_reason: 'stop' })], usage: expect.objectContaining({ prompt_tokens: INPUT, completion_tokens: OUTPUT }) }),
      ]);
      expect(converter.usage()).toBeNull();
    }
  });

  it('a finishing chunk the SDK could not read (no role in the first delta) is repaired and carries the estimate', () => {
    const converter = createStreamConverter('chat', 'chat', { request: requests.chat });
    const out = payloads([chunk({ content: ANSWER }, 'stop', { usage: ZEROS }), DONE].flatMap((e) => converter.push(e)));
    expect(out).toEqual([
      expect.objectContaining({ choices: [expect.objectContaining({ delta: { role: 'assistant', content: ANSWER } })], usage: expect.objectContaining({ prompt_tokens: INPUT, completion_tokens: OUTPUT }) }),
    ]);
  });

  it('real usage there: the very same events', () => {
    const converter = createStreamConverter('chat', 'chat', { request: requests.chat });
    moonshotStream({ prompt_tokens: 5, completion_tokens: 6, total_tokens: 11 }).forEach((e) => expect(converter.push(e)).toEqual([e]));
    expect(converter.usage()).toMatchObject({ inputTokens: 5, outputTokens: 6 });
  });

  it('zeros on a chunk before the finish are left as they came (only the last report is replaced)', () => {
    const converter = createStreamConverter('chat', 'chat', { request: requests.chat });
    const early = chunk({ role: 'assistant', content: ANSWER }, null, { usage: ZEROS });
    expect(converter.push(early)).toEqual([early]);
  });
});

describe('a Chat stream passed through that reports usage in its finishing choice (Moonshot: choices[0].usage)', () => {
  const ZEROS = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  const REPORTED = { prompt_tokens: 1200, completion_tokens: 7, total_tokens: 1207, cached_tokens: 1000 };
  const finishing = (usage: object): SseEvent => ({
    data: JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop', usage }] }),
  });
  const moonshotStream = (usage: object): SseEvent[] => [chunk({ role: 'assistant', content: ANSWER }), finishing(usage), DONE];

  it.each([
    ['asked for', requests.chat],
    ['not asked for', { ...requests.chat, stream_options: undefined }],
  ])("real counts (usage %s): the finishing chunk carries them at the top level too, the choice keeps its own, and the rest passes as it came", (_, request) => {
    const converter = createStreamConverter('chat', 'chat', { request });
    const [first, last, done] = moonshotStream(REPORTED);
    expect(converter.push(first)).toEqual([first]);
    expect(payloads(converter.push(last))).toEqual([{ ...JSON.parse(last.data), usage: REPORTED }]);
    expect(converter.push(done)).toEqual([done]);
    expect(converter.usage()).toEqual({ inputTokens: 200, outputTokens: 7, cacheReadTokens: 1000, cacheWriteTokens: 0, reasoningTokens: 0 });
  });

  it('all zeros there: the estimate goes at the top level of that chunk, the choice keeps its zeros, and no usage chunk is added, asked for or not', () => {
    for (const request of [requests.chat, { ...requests.chat, stream_options: undefined }]) {
      const converter = createStreamConverter('chat', 'chat', { request });
      const out = moonshotStream(ZEROS).flatMap((e) => converter.push(e));
      expect(out).toHaveLength(3);
      expect(out.at(-1)).toBe(DONE);
      expect(payloads(out).filter((p) => p.usage)).toEqual([
        expect.objectContaining({
          choices: [expect.objectContaining({ finish_reason: 'stop', usage: ZEROS })],
          usage: expect.objectContaining({ prompt_tokens: INPUT, completion_tokens: OUTPUT }),
        }),
      ]);
      expect(converter.usage()).toBeNull();
    }
  });

  it('a top-level usage beside it wins: the chunk passes as it came', () => {
    const converter = createStreamConverter('chat', 'chat', { request: requests.chat });
    const both: SseEvent = { data: JSON.stringify({ ...JSON.parse(finishing(REPORTED).data), usage: { prompt_tokens: 5, completion_tokens: 6, total_tokens: 11 } }) };
    converter.push(chunk({ role: 'assistant', content: ANSWER }));
    expect(converter.push(both)).toEqual([both]);
  });

  it('the same through the usage tap the ledger reads: the counts, not an estimate', () => {
    const tap = createUsageTap('chat');
    moonshotStream(REPORTED).forEach((e) => tap.push(e));
    tap.end();
    expect(tap.usage()).toMatchObject({ inputTokens: 200, outputTokens: 7, cacheReadTokens: 1000 });
  });
});
