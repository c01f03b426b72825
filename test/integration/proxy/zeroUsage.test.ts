import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { estimateOutputTokens } from '../../../electron/core/proxy/protocols';
import { anthropicFor, openAiFor, startProxyHarness, type ProxyHarness } from '../../helpers/proxyHarness';

const QUESTION = 'Please tell me how many tokens this short conversation holds so far.';
const ANSWER = 'Somewhere around forty tokens, counting both sides of it.';
const MODEL = 'gpt-4o';
/** What a new-api channel that did not count the call reports. */
const ALL_ZEROS = { promptTokens: 0, completionTokens: 0 };

describe('a Chat gateway that answers with usage of all zeros: the ledger and the caller get the estimate', () => {
  let h: ProxyHarness;
  beforeAll(async () => {
    h = await startProxyHarness({ protocols: ['chat'] });
    await h.running.app.handlers['prices.set']({ provider: 'gw', model: MODEL, input: 2, output: 8 });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.gateway.clearScripts();
    h.gateway.script({ kind: 'text', text: ANSWER, usage: ALL_ZEROS });
  });

  it('a Chat caller, not streamed: an estimated row with tokens and a cost, and the same usage in the reply', async () => {
    const reply = await openAiFor(h, 'chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: QUESTION }] });
    const row = await h.lastRow();
    expect(row).toMatchObject({ status: 200, estimated: true, estimatedCounts: 'all', streamed: false });
    expect(row.inputTokens).toBeGreaterThan(0);
    expect(row.outputTokens).toBeGreaterThan(0);
    expect(row.costUsd).toBeGreaterThan(0);
    expect(reply.usage).toMatchObject({ prompt_tokens: row.inputTokens, completion_tokens: row.outputTokens });
  });

  it('a Chat caller, streamed through: an estimated row, and its one usage chunk carries the estimate instead of the zeros', async () => {
    const stream = await openAiFor(h, 'chat').chat.completions.create({ model: MODEL, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: QUESTION }] });
    const usages: unknown[] = [];
    let text = '';
    for await (const chunk of stream) {
      if (chunk.usage) usages.push(chunk.usage);
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(text).toBe(ANSWER);
    const row = await h.lastRow();
    expect(row).toMatchObject({ status: 200, estimated: true, streamed: true, protocolIn: 'chat', protocolOut: 'chat' });
    expect(row.inputTokens).toBeGreaterThan(0);
    expect(row.outputTokens).toBeGreaterThan(0);
    expect(row.costUsd).toBeGreaterThan(0);
    expect(usages).toEqual([expect.objectContaining({ prompt_tokens: row.inputTokens, completion_tokens: row.outputTokens })]);
  });

  it('Claude Code through the Chat gateway: message_delta carries the estimate the ledger recorded', async () => {
    const stream = await anthropicFor(h).messages.create({ model: MODEL, max_tokens: 200, stream: true, messages: [{ role: 'user', content: QUESTION }] });
    let deltaUsage: unknown = null;
    for await (const event of stream) if (event.type === 'message_delta') deltaUsage = event.usage;
    const row = await h.lastRow();
    expect(row).toMatchObject({ estimated: true, protocolIn: 'anthropic', protocolOut: 'chat' });
    expect(row.inputTokens).toBeGreaterThan(0);
    expect(deltaUsage).toMatchObject({ input_tokens: row.inputTokens, output_tokens: row.outputTokens });
  });

  it('zero input beside non-zero output is a real count: kept as reported, not estimated', async () => {
    h.gateway.clearScripts();
    h.gateway.script({ kind: 'text', text: ANSWER, usage: { promptTokens: 0, completionTokens: 7 } });
    const reply = await openAiFor(h, 'chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: QUESTION }] });
    expect(await h.lastRow()).toMatchObject({ estimated: false, estimatedCounts: null, inputTokens: 0, outputTokens: 7 });
    expect(reply.usage).toMatchObject({ prompt_tokens: 0, completion_tokens: 7 });
  });

  it('a prompt read wholly from the cache with no output is a real count too: kept as reported', async () => {
    h.gateway.clearScripts();
    h.gateway.script({ kind: 'text', text: ANSWER, usage: { promptTokens: 300, cacheReadTokens: 300, completionTokens: 0 } });
    await openAiFor(h, 'chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: QUESTION }] });
    expect(await h.lastRow()).toMatchObject({ estimated: false, inputTokens: 0, cacheReadTokens: 300, outputTokens: 0 });
  });
});

describe('an Anthropic gateway that answers with usage of all zeros', () => {
  let h: ProxyHarness;
  beforeAll(async () => {
    h = await startProxyHarness({ protocols: ['anthropic'] });
  });
  afterAll(() => h.close());

  it('Claude Code passed through, streamed and not: the ledger estimates both calls', async () => {
    const request = { model: 'claude-test', max_tokens: 200, messages: [{ role: 'user' as const, content: QUESTION }] };
    for (const streamed of [true, false]) {
      h.gateway.script({ kind: 'text', text: ANSWER, usage: ALL_ZEROS });
      const client = anthropicFor(h);
      const reply = streamed ? await client.messages.stream(request).finalMessage() : await client.messages.create(request);
      expect(reply.content).toEqual([expect.objectContaining({ type: 'text', text: ANSWER })]);
      const row = await h.lastRow();
      expect(row).toMatchObject({ estimated: true, streamed, protocolIn: 'anthropic', protocolOut: 'anthropic' });
      expect(row.inputTokens).toBeGreaterThan(0);
      expect(row.outputTokens).toBeGreaterThan(0);
    }
  });

  it.each([true, false])('Claude Code passed through (streamed: %s): the SDK reads the estimate the ledger recorded, not the zeros', async (streamed) => {
    const request = { model: 'claude-test', max_tokens: 200, messages: [{ role: 'user' as const, content: QUESTION }] };
    h.gateway.script({ kind: 'text', text: ANSWER, usage: ALL_ZEROS });
    const client = anthropicFor(h);
    const reply = streamed ? await client.messages.stream(request).finalMessage() : await client.messages.create(request);
    const row = await h.lastRow();
    expect(row).toMatchObject({ estimated: true, streamed });
    expect(reply.usage).toMatchObject({ input_tokens: row.inputTokens, output_tokens: row.outputTokens, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 });
    expect(reply.usage.input_tokens).toBeGreaterThan(0);
  });

  it('Claude Code passed through, streamed: real counts reach it as the gateway sent them', async () => {
    h.gateway.script({ kind: 'text', text: ANSWER, usage: { promptTokens: 31, completionTokens: 9 } });
    const reply = await anthropicFor(h).messages.stream({ model: 'claude-test', max_tokens: 200, messages: [{ role: 'user', content: QUESTION }] }).finalMessage();
    expect(await h.lastRow()).toMatchObject({ estimated: false, inputTokens: 31, outputTokens: 9 });
    expect(reply.usage).toMatchObject({ input_tokens: 31, output_tokens: 9 });
  });
});

describe('a Chat gateway with usage of all zeros at the top level of its finishing chunk', () => {
  let h: ProxyHarness;
  beforeAll(async () => {
    h = await startProxyHarness({ protocols: ['chat'] });
  });
  afterAll(() => h.close());

  it('a Chat caller that asked for usage: the openai SDK sees one usage, the estimate the ledger recorded, in the finishing chunk', async () => {
    h.gateway.script({ kind: 'text', text: ANSWER, usage: ALL_ZEROS, usageStyle: 'in_finishing_chunk' });
    const stream = await openAiFor(h, 'chat').chat.completions.create({ model: MODEL, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: QUESTION }] });
    const usages: { usage: unknown; finish: string | null }[] = [];
    for await (const chunk of stream) if (chunk.usage) usages.push({ usage: chunk.usage, finish: chunk.choices[0]?.finish_reason ?? null });
    const row = await h.lastRow();
    expect(row).toMatchObject({ status: 200, estimated: true, protocolIn: 'chat', protocolOut: 'chat' });
    expect(row.inputTokens).toBeGreaterThan(0);
    expect(usages).toEqual([{ usage: expect.objectContaining({ prompt_tokens: row.inputTokens, completion_tokens: row.outputTokens }), finish: 'stop' }]);
  });

  it("the openai SDK's assembled completion carries that estimate", async () => {
    h.gateway.script({ kind: 'text', text: ANSWER, usage: ALL_ZEROS, usageStyle: 'in_finishing_chunk' });
    const completion = await openAiFor(h, 'chat').chat.completions.stream({ model: MODEL, stream_options: { include_usage: true }, messages: [{ role: 'user', content: QUESTION }] }).finalChatCompletion();
    const row = await h.lastRow();
    expect(completion.choices[0].message.content).toBe(ANSWER);
    expect(completion.usage).toMatchObject({ prompt_tokens: row.inputTokens, completion_tokens: row.outputTokens });
    expect(row.outputTokens).toBeGreaterThan(0);
  });
});

describe('an Anthropic gateway whose stream has no final output count (message_delta without usage)', () => {
  /** message_start's counts: the input, and Anthropic's provisional output of 1. */
  const REPORTED = { promptTokens: 31, completionTokens: 9 };
  const request = { model: 'claude-test', max_tokens: 200, messages: [{ role: 'user' as const, content: QUESTION }] };
  let h: ProxyHarness;
  beforeAll(async () => {
    h = await startProxyHarness({ protocols: ['anthropic'] });
  });
  afterAll(() => h.close());

  it("Claude Code passed through: the SDK's stream completes with the gateway's input and the output estimate the ledger recorded, marked estimated", async () => {
    h.gateway.script({ kind: 'text', text: ANSWER, usage: REPORTED, usageStyle: 'no_final_count' });
    const reply = await anthropicFor(h).messages.stream(request).finalMessage();
    expect(reply.content).toEqual([expect.objectContaining({ type: 'text', text: ANSWER })]);
    const row = await h.lastRow();
    expect(row).toMatchObject({ status: 200, estimated: true, estimatedCounts: 'output', inputTokens: 31, outputTokens: estimateOutputTokens(ANSWER.length), protocolOut: 'anthropic' });
    expect(reply.usage).toMatchObject({ input_tokens: 31, output_tokens: row.outputTokens });
  });

  it('a Chat caller, converted: the gateway input and the output estimate, the row marked estimated', async () => {
    h.gateway.script({ kind: 'text', text: ANSWER, usage: REPORTED, usageStyle: 'no_final_count' });
    const completion = await openAiFor(h, 'chat').chat.completions.stream({ model: 'claude-test', stream_options: { include_usage: true }, messages: [{ role: 'user', content: QUESTION }] }).finalChatCompletion();
    const row = await h.lastRow();
    expect(row).toMatchObject({ status: 200, estimated: true, estimatedCounts: 'output', inputTokens: 31, outputTokens: estimateOutputTokens(ANSWER.length), protocolIn: 'chat', protocolOut: 'anthropic' });
    expect(completion.usage).toMatchObject({ prompt_tokens: 31, completion_tokens: row.outputTokens });
  });

  it.each([true, false])('a gateway that sends no usage object at all (streamed: %s): the SDK reads the estimate the ledger recorded', async (streamed) => {
    h.gateway.script({ kind: 'text', text: ANSWER, usageStyle: 'absent' });
    const client = anthropicFor(h);
    const reply = streamed ? await client.messages.stream(request).finalMessage() : await client.messages.create(request);
    const row = await h.lastRow();
    expect(row).toMatchObject({ status: 200, estimated: true, streamed });
    expect(row.inputTokens).toBeGreaterThan(0);
    expect(reply.usage).toMatchObject({ input_tokens: row.inputTokens, output_tokens: row.outputTokens });
  });
});
