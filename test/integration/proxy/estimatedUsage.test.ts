import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anthropicFor, openAiFor, startProxyHarness, type ProxyHarness } from '../../helpers/proxyHarness';

const QUESTION = 'Please count the tokens of this whole conversation for me, roughly.';
const ANSWER = 'It holds a few dozen tokens at most, by my count.';

/** Two ways a gateway tells nothing: no usage at all, or usage of all zeros (a relay that did not count). */
const SILENCES = [
  ['reports no usage', { reportUsage: false }],
  ['reports usage of all zeros', { usage: { promptTokens: 0, completionTokens: 0 } }],
] as const;

for (const [protocol, [says, silence]] of (['chat', 'responses'] as const).flatMap((p) => SILENCES.map((s) => [p, s] as const))) {
  describe(`a ${protocol} gateway that ${says}: callers get the ledger's estimate, not zeros`, () => {
    let h: ProxyHarness;
    beforeAll(async () => {
      h = await startProxyHarness({ protocols: [protocol] });
    });
    afterAll(() => h.close());
    beforeEach(() => {
      h.gateway.clearScripts();
      h.gateway.script({ kind: 'text', text: ANSWER, ...silence });
    });

    it('Codex (Responses stream, openai SDK): response.completed carries the estimate the ledger recorded', async () => {
      const final = await openAiFor(h, 'codex').responses.stream({ model: 'gpt-5-codex', input: QUESTION }).finalResponse();
      const row = await h.lastRow();
      expect(row).toMatchObject({ estimated: true, status: 200 });
      expect(row.inputTokens).toBeGreaterThan(0);
      expect(final.usage).toMatchObject({ input_tokens: row.inputTokens, output_tokens: row.outputTokens, total_tokens: row.inputTokens + row.outputTokens });
    });

    it('Claude Code (Anthropic SDK), streamed and not: the usage the ledger estimated', async () => {
      const client = anthropicFor(h);
      const request = { model: 'claude-test', max_tokens: 200, messages: [{ role: 'user' as const, content: QUESTION }] };
      const streamed = await client.messages.stream(request).finalMessage();
      const streamedRow = await h.lastRow();
      expect(streamedRow.estimated).toBe(true);
      expect(streamed.usage).toMatchObject({ input_tokens: streamedRow.inputTokens, output_tokens: streamedRow.outputTokens });
      expect(streamed.usage.input_tokens).toBeGreaterThan(0);
      h.gateway.script({ kind: 'text', text: ANSWER, ...silence });
      const whole = await client.messages.create(request);
      expect(whole.usage).toMatchObject({ input_tokens: streamedRow.inputTokens, output_tokens: streamedRow.outputTokens });
    });

    it('a Chat caller, not streamed: usage with the estimate', async () => {
      const reply = await openAiFor(h, 'chat').chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: QUESTION }] });
      const row = await h.lastRow();
      expect(row.estimated).toBe(true);
      expect(reply.usage).toMatchObject({ prompt_tokens: row.inputTokens, completion_tokens: row.outputTokens });
    });

    it('usage the gateway reported reaches the caller unchanged', async () => {
      h.gateway.clearScripts();
      h.gateway.script({ kind: 'text', text: ANSWER, usage: { promptTokens: 1234, completionTokens: 56 } });
      const final = await openAiFor(h, 'codex').responses.stream({ model: 'gpt-5-codex', input: QUESTION }).finalResponse();
      expect(final.usage).toMatchObject({ input_tokens: 1234, output_tokens: 56 });
      expect((await h.lastRow()).estimated).toBe(false);
    });
  });
}
