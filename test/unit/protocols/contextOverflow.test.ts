import { describe, expect, it } from 'vitest';
import { CONTEXT_OVERFLOW, createStreamConverter, errorAsStream, errorBody, errorInReply, type SseEvent } from '../../../electron/core/proxy/protocols';
import { anthropicOverflowMessage, overflowCounts, saysContextOverflow } from '../../../electron/core/proxy/protocols/contextOverflow';

const OPENAI_WORDING = "This model's maximum context length is 128000 tokens. However, your messages resulted in 130532 tokens. Please reduce the length of the messages.";
const ANTHROPIC_WORDING = 'prompt is too long: 210000 tokens > 200000 maximum';

const payloads = (events: SseEvent[]) => events.map((e) => JSON.parse(e.data) as Record<string, any>);

describe('a context overflow, recognised', () => {
  it.each([
    ['OpenAI code', '{"error":{"message":"Too big.","type":"invalid_request_error","code":"context_length_exceeded"}}'],
    ['OpenAI wording', OPENAI_WORDING],
    ['Anthropic wording', ANTHROPIC_WORDING],
    ['Bedrock wording', 'Input is too long for requested model.'],
  ])('%s', (_name, text) => {
    expect(saysContextOverflow(text)).toBe(true);
  });

  it('not in other invalid requests or rate limits', () => {
    expect(saysContextOverflow('max_tokens: 300000 > 128000, which is the maximum allowed', 'rate_limit_exceeded', 'invalid_request_error')).toBe(false);
  });

  it('reads the prompt size and the limit in either wording', () => {
    expect(overflowCounts(OPENAI_WORDING)).toEqual({ promptTokens: 130532, limitTokens: 128000 });
    expect(overflowCounts(ANTHROPIC_WORDING)).toEqual({ promptTokens: 210000, limitTokens: 200000 });
    expect(overflowCounts('Input is too long for requested model.')).toBeNull();
  });

  it('in a reply that came with a success status: a 400 of its own kind', () => {
    expect(errorInReply({ error: { message: OPENAI_WORDING, type: 'invalid_request_error', code: null } }, [])).toEqual({ status: 400, message: OPENAI_WORDING, kind: CONTEXT_OVERFLOW });
  });
});

describe('a context overflow, in each caller protocol', () => {
  it('Anthropic: invalid_request_error whose message starts the way Claude Code looks for, with the counts it parses', () => {
    expect(errorBody('anthropic', 400, `gw: ${OPENAI_WORDING}`, CONTEXT_OVERFLOW)).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: `prompt is too long: 130532 tokens > 128000 maximum (gw: ${OPENAI_WORDING})` },
    });
    // Already in Anthropic's words: kept as it is.
    expect(anthropicOverflowMessage(`gw: ${ANTHROPIC_WORDING}`)).toBe(`gw: ${ANTHROPIC_WORDING}`);
    expect(anthropicOverflowMessage('gw: Input is too long for requested model.')).toBe('prompt is too long (gw: Input is too long for requested model.)');
  });

  it('Chat and Responses: OpenAI code context_length_exceeded, message in OpenAI words', () => {
    for (const protocol of ['chat', 'responses'] as const) {
      expect(errorBody(protocol, 400, `gw: ${ANTHROPIC_WORDING}`, CONTEXT_OVERFLOW)).toEqual({
        error: {
          message: `This model's maximum context length is 200000 tokens. However, your messages resulted in 210000 tokens (gw: ${ANTHROPIC_WORDING})`,
          type: 'invalid_request_error',
          param: null,
          code: 'context_length_exceeded',
        },
      });
    }
  });

  it('a Responses stream: created, in progress, then response.failed with code context_length_exceeded (what Codex compacts on)', () => {
    const events = payloads(errorAsStream('responses', `gw: ${OPENAI_WORDING}`, CONTEXT_OVERFLOW));
    expect(events.map((e) => e.type)).toEqual(['response.created', 'response.in_progress', 'response.failed']);
    expect(events.map((e) => e.sequence_number)).toEqual([0, 1, 2]);
    expect(events[2].response).toMatchObject({ status: 'failed', error: { code: 'context_length_exceeded', message: `gw: ${OPENAI_WORDING}` } });
  });

  it("an upstream stream's overflow, converted: the caller's native signal, and the kind reported for the proxy", () => {
    const failed = { event: 'response.failed', data: JSON.stringify({ type: 'response.failed', sequence_number: 1, response: { status: 'failed', error: { code: 'context_length_exceeded', message: 'Too big.' } } }) };
    const toAnthropic = createStreamConverter('responses', 'anthropic');
    expect(payloads(toAnthropic.push(failed))).toEqual([{ type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long (Too big.)' } }]);
    expect(toAnthropic.progress()).toMatchObject({ content: false, error: 'Too big.', errorKind: CONTEXT_OVERFLOW });

    const chatError = { data: JSON.stringify({ error: { message: ANTHROPIC_WORDING, type: 'invalid_request_error', code: null } }) };
    const toResponses = createStreamConverter('chat', 'responses');
    const [, , responseFailed] = payloads(toResponses.push(chatError));
    expect(responseFailed.response.error).toMatchObject({ code: 'context_length_exceeded' });
  });
});
