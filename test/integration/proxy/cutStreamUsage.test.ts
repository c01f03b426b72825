/**
 * A stream that ends early (the gateway cut it, or the caller left) is still billed for the prompt
 * the gateway read: Anthropic reports it, cache reads and writes apart, in message_start, before any
 * content. The ledger keeps those counts and estimates only the output, passed through or converted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anthropicFor, openAiFor, startProxyHarness, type ProxyHarness } from '../../helpers/proxyHarness';

const USAGE = { promptTokens: 12_000, completionTokens: 900, cacheReadTokens: 8_000, cacheWriteTokens: 1_000, reasoningTokens: 0 };
/** What message_start reports: input_tokens excludes the cached parts. */
const PROMPT = { inputTokens: 3_000, cacheReadTokens: 8_000, cacheWriteTokens: 1_000 };
const TEXT = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');

describe('a stream that ends early keeps the prompt counts the gateway reported', () => {
  let h: ProxyHarness;
  beforeAll(async () => {
    h = await startProxyHarness({ protocols: ['anthropic'] });
    await h.running.app.handlers['prices.set']({ provider: 'gw', model: 'claude-sonnet-4-6', input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
  });
  afterAll(() => h.close());

  const request = { model: 'claude-sonnet-4-6', max_tokens: 1000, messages: [{ role: 'user' as const, content: 'hi' }] };

  let lastId = 0;
  /** The row of the call just made, once the ledger has it, with its cost checked against the counts it holds. */
  async function rowOf(errorClass: string, output: 'some' | 'none' = 'some') {
    const deadline = Date.now() + 2000;
    let row = await h.lastRow();
    while ((row?.id ?? 0) <= lastId && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      row = await h.lastRow();
    }
    lastId = row.id;
    expect(row).toMatchObject({ errorClass, ...PROMPT, estimatedCounts: 'output' });
    if (output === 'some') expect(row.outputTokens).toBeGreaterThan(0);
    else expect(row.outputTokens).toBe(0);
    const expected = (PROMPT.inputTokens * 3 + PROMPT.cacheReadTokens * 0.3 + PROMPT.cacheWriteTokens * 3.75 + row.outputTokens * 15) / 1e6;
    expect(row.costUsd).toBeCloseTo(expected, 6);
    return row;
  }

  it('cut off by the gateway, passed through to an Anthropic caller', async () => {
    h.gateway.script({ kind: 'drop_mid_stream', afterChunks: 3, text: TEXT, chunks: 10, usage: USAGE });
    await expect(anthropicFor(h).messages.stream(request).finalMessage()).rejects.toThrow();
    await rowOf('stream_broken');
  });

  it('cut off by the gateway, converted for a Chat caller', async () => {
    h.gateway.script({ kind: 'drop_mid_stream', afterChunks: 3, text: TEXT, chunks: 10, usage: USAGE });
    const read = async () => {
      const stream = await openAiFor(h, 'chat').chat.completions.create({ model: request.model, stream: true, messages: request.messages });
      for await (const _chunk of stream);
    };
    await expect(read()).rejects.toThrow();
    await rowOf('stream_broken');
  });

  it('abandoned by the caller after the first text', async () => {
    h.gateway.script({ kind: 'text', text: TEXT, chunks: 20, chunkDelayMs: 100, usage: USAGE });
    const controller = new AbortController();
    const read = async () => {
      const stream = await anthropicFor(h).messages.create({ ...request, stream: true }, { signal: controller.signal });
      let deltas = 0;
      // The SDK ends the iteration quietly once its own signal aborted it.
      for await (const event of stream) if (event.type === 'content_block_delta' && ++deltas === 1) controller.abort();
      return deltas;
    };
    expect(await read()).toBe(1);
    await rowOf('cancelled');
  });

  it('abandoned by the caller after message_start, before any content (Esc while the model starts)', async () => {
    // message_start at once, each later event 3 s on: the caller leaves between the two, whatever the machine's load.
    h.gateway.script({ kind: 'text', text: TEXT, chunks: 5, chunkDelayMs: 3000, usage: USAGE });
    const asked = h.gateway.requests.length;
    const controller = new AbortController();
    const call = anthropicFor(h).messages.create({ ...request, stream: true }, { signal: controller.signal });
    await expect.poll(() => h.gateway.requests.length).toBe(asked + 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort();
    await expect(call).rejects.toThrow();
    const row = await rowOf('cancelled', 'none');
    expect(row.status).toBe(499);
  });
});
