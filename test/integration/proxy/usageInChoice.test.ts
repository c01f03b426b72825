import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anthropicFor, openAiFor, startProxyHarness, type ProxyHarness } from '../../helpers/proxyHarness';

const QUESTION = 'Which moon is the largest in the solar system, and by how much?';
const ANSWER = 'Ganymede, a little larger than Titan and even than Mercury.';
const MODEL = 'kimi-k2.6';
/** Moonshot's counts: a prompt of 1200 tokens, 1000 of them read from its cache. */
const REPORTED = { promptTokens: 1200, cacheReadTokens: 1000, completionTokens: 17 };
const LEDGER = { inputTokens: 200, cacheReadTokens: 1000, outputTokens: 17 };
const CHAT_USAGE = { prompt_tokens: 1200, completion_tokens: 17, total_tokens: 1217, cached_tokens: 1000 };

/** The chunks of a streamed Chat reply that carry a top-level usage, with their finish_reason. */
async function usagesOf(stream: AsyncIterable<{ usage?: unknown; choices: { finish_reason: string | null }[] }>) {
  const usages: { usage: unknown; finish: string | null }[] = [];
  for await (const chunk of stream) if (chunk.usage) usages.push({ usage: chunk.usage, finish: chunk.choices[0]?.finish_reason ?? null });
  return usages;
}

describe('a Moonshot-style Chat gateway: stream usage in the finishing choice (choices[0].usage)', () => {
  let h: ProxyHarness;
  beforeAll(async () => {
    h = await startProxyHarness({ protocols: ['chat'] });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.gateway.clearScripts();
    h.gateway.script({ kind: 'text', text: ANSWER, usage: REPORTED, usageStyle: 'in_choice' });
  });

  it("a Chat caller passed through: the openai SDK reads the gateway's counts at the top level of the finishing chunk, and the choice keeps its own", async () => {
    const stream = await openAiFor(h, 'chat').chat.completions.create({ model: MODEL, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: QUESTION }] });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const finishing = chunks.find((chunk) => chunk.choices[0]?.finish_reason);
    expect(finishing).toMatchObject({ usage: CHAT_USAGE, choices: [{ finish_reason: 'stop', usage: CHAT_USAGE }] });
    expect(chunks.filter((chunk) => chunk.usage)).toHaveLength(1);
    expect(await h.lastRow()).toMatchObject({ status: 200, estimated: false, protocolIn: 'chat', protocolOut: 'chat', ...LEDGER });
  });

  it("a Chat caller passed through: the openai SDK's assembled completion carries the gateway's counts", async () => {
    const completion = await openAiFor(h, 'chat').chat.completions.stream({ model: MODEL, stream_options: { include_usage: true }, messages: [{ role: 'user', content: QUESTION }] }).finalChatCompletion();
    expect(completion.choices[0].message.content).toBe(ANSWER);
    expect(completion.usage).toMatchObject({ prompt_tokens: 1200, completion_tokens: 17 });
    expect(await h.lastRow()).toMatchObject({ estimated: false, ...LEDGER });
  });

  it("Claude Code through the Chat gateway: message_delta carries the gateway's counts, cache reads apart", async () => {
    const reply = await anthropicFor(h).messages.stream({ model: MODEL, max_tokens: 200, messages: [{ role: 'user', content: QUESTION }] }).finalMessage();
    expect(reply.content).toEqual([expect.objectContaining({ type: 'text', text: ANSWER })]);
    expect(reply.usage).toMatchObject({ input_tokens: 200, cache_read_input_tokens: 1000, output_tokens: 17 });
    expect(await h.lastRow()).toMatchObject({ status: 200, estimated: false, protocolIn: 'anthropic', protocolOut: 'chat', ...LEDGER });
  });

  it("Codex through the Chat gateway: response.completed carries the gateway's counts", async () => {
    const final = await openAiFor(h, 'codex').responses.stream({ model: MODEL, input: QUESTION }).finalResponse();
    expect(final.output_text).toBe(ANSWER);
    expect(final.usage).toMatchObject({ input_tokens: 1200, input_tokens_details: { cached_tokens: 1000 }, output_tokens: 17 });
    expect(await h.lastRow()).toMatchObject({ status: 200, estimated: false, protocolIn: 'responses', protocolOut: 'chat', ...LEDGER });
  });

  it('usage of all zeros there: the Chat caller reads the estimate the ledger recorded, once, at the top level of the finishing chunk', async () => {
    h.gateway.clearScripts();
    h.gateway.script({ kind: 'text', text: ANSWER, usage: { promptTokens: 0, completionTokens: 0 }, usageStyle: 'in_choice' });
    const stream = await openAiFor(h, 'chat').chat.completions.create({ model: MODEL, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: QUESTION }] });
    const usages = await usagesOf(stream);
    const row = await h.lastRow();
    expect(row).toMatchObject({ status: 200, estimated: true, protocolIn: 'chat', protocolOut: 'chat' });
    expect(row.inputTokens).toBeGreaterThan(0);
    expect(row.outputTokens).toBeGreaterThan(0);
    expect(usages).toEqual([{ usage: expect.objectContaining({ prompt_tokens: row.inputTokens, completion_tokens: row.outputTokens }), finish: 'stop' }]);
  });
});
