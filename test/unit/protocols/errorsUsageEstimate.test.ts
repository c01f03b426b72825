import { describe, expect, it } from 'vitest';
import {
  errorBody,
  errorInReply,
  errorTypeForStatus,
  estimateAnthropicInputTokens,
  estimateInputTokens,
  estimateOpenAiSideInputTokens,
  estimateTokens,
  streamErrorEvents,
  usageFromBody,
  usageFromOpenAiSideReply,
} from '../../../electron/core/proxy/protocols';
import { anthropicBody, chatBody, responsesBody, SCENARIOS, USAGE } from './helpers/scenario';

describe('errors in the caller protocol', () => {
  it('Anthropic body: {type:"error", error:{type, message}} with the type derived from the status', () => {
    expect(errorBody('anthropic', 429, 'Slow down.')).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: 'Slow down.' } });
    expect(errorBody('anthropic', 401, 'Bad key.', 'authentication_error')).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'Bad key.' } });
  });

  it('OpenAI body: {error:{message, type, param, code}}; server kinds read as server_error, 429 carries rate_limit_exceeded', () => {
    expect(errorBody('chat', 502, 'Upstream down.')).toEqual({ error: { message: 'Upstream down.', type: 'server_error', param: null, code: null } });
    expect(errorBody('responses', 429, 'Slow down.')).toEqual({ error: { message: 'Slow down.', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' } });
    expect(errorBody('chat', 400, 'Bad.')).toEqual({ error: { message: 'Bad.', type: 'invalid_request_error', param: null, code: null } });
  });

  it.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [413, 'request_too_large'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [502, 'api_error'],
    [503, 'overloaded_error'],
    [504, 'timeout_error'],
    [529, 'overloaded_error'],
  ])('status %i is %s', (status, type) => {
    expect(errorTypeForStatus(status)).toBe(type);
  });

  it('stream error events per protocol', () => {
    expect(streamErrorEvents('anthropic', 'Broke.')).toEqual([{ event: 'error', data: '{"type":"error","error":{"type":"api_error","message":"Broke."}}' }]);
    expect(streamErrorEvents('chat', 'Broke.')).toEqual([{ data: '{"error":{"message":"Broke.","type":"server_error","param":null,"code":null}}' }]);
    const [failed] = streamErrorEvents('responses', 'Broke.');
    expect(failed.event).toBe('response.failed');
    expect(JSON.parse(failed.data)).toMatchObject({ type: 'response.failed', response: { status: 'failed', error: { code: 'server_error', message: 'Broke.' } } });
  });
});

describe('usage from complete replies', () => {
  it.each([
    ['anthropic', anthropicBody(SCENARIOS.plainText)],
    ['chat', chatBody(SCENARIOS.plainText)],
    ['responses', responsesBody(SCENARIOS.plainText)],
  ] as const)('%s: input excludes cache reads and writes, which are reported apart', (protocol, body) => {
    expect(usageFromBody(protocol, body)).toEqual(USAGE);
  });

  it("reads Anthropic's cache writes kept an hour apart from those kept 5 minutes", () => {
    const usage = { input_tokens: 200, output_tokens: 20, cache_creation_input_tokens: 1000, cache_creation: { ephemeral_5m_input_tokens: 400, ephemeral_1h_input_tokens: 600 } };
    expect(usageFromBody('anthropic', { type: 'message', usage })).toEqual({ inputTokens: 200, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 1000, cacheWrite1hTokens: 600, reasoningTokens: 0 });
    // The split alone still gives the whole count of writes.
    const { cache_creation_input_tokens: _total, ...splitOnly } = usage;
    expect(usageFromBody('anthropic', { type: 'message', usage: splitOnly })).toMatchObject({ cacheWriteTokens: 1000, cacheWrite1hTokens: 600 });
    // No writes kept an hour: nothing more than before.
    expect(usageFromBody('anthropic', { type: 'message', usage: { ...usage, cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 0 } } })).not.toHaveProperty('cacheWrite1hTokens');
  });

  it('reads DeepSeek and OpenRouter cache fields', () => {
    expect(usageFromBody('chat', { usage: { prompt_tokens: 100, completion_tokens: 5, prompt_cache_hit_tokens: 70 } })).toEqual({
      inputTokens: 30,
      outputTokens: 5,
      cacheReadTokens: 70,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
    expect(usageFromBody('chat', { usage: { prompt_tokens: 100, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 10, cache_write_tokens: 20 } } })).toMatchObject({
      inputTokens: 70,
      cacheReadTokens: 10,
      cacheWriteTokens: 20,
    });
  });

  it('is null when the body has no usage', () => {
    expect(usageFromBody('chat', { choices: [] })).toBeNull();
    expect(usageFromBody('anthropic', 'not an object')).toBeNull();
  });

  it('reads counts written as strings, and never below 0 (a negative count would be a negative cost)', () => {
    expect(usageFromBody('chat', { usage: { prompt_tokens: '1000', completion_tokens: '400' } })).toMatchObject({ inputTokens: 1000, outputTokens: 400 });
    expect(usageFromBody('chat', { usage: { prompt_tokens: 1000, completion_tokens: -400 } })).toMatchObject({ inputTokens: 1000, outputTokens: 0 });
    expect(usageFromBody('anthropic', { usage: { input_tokens: -5, output_tokens: '7', cache_read_input_tokens: -1 } })).toMatchObject({ inputTokens: 0, outputTokens: 7, cacheReadTokens: 0 });
    expect(usageFromBody('responses', { usage: { input_tokens: '12', output_tokens: 3, input_tokens_details: { cached_tokens: '10' } } })).toMatchObject({ inputTokens: 2, cacheReadTokens: 10 });
  });

  it.each([
    ['chat', { prompt_tokens: 'n/a', total_tokens: 10 }],
    ['anthropic', { cache_read_input_tokens: 5 }],
    ['responses', { input_tokens: null, output_tokens: 'x' }],
  ] as const)('%s: a usage object without a readable prompt or completion count is no usage, so the ledger estimates', (protocol, usage) => {
    expect(usageFromBody(protocol, { usage })).toBeNull();
  });

  it.each([
    ['chat', { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }],
    ['anthropic', { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 }],
    ['responses', { input_tokens: 0, output_tokens: 0, total_tokens: 0, input_tokens_details: { cached_tokens: 0 } }],
  ] as const)('%s: usage of all zeros on a successful reply (a relay that did not count) is no usage, so the ledger estimates', (protocol, usage) => {
    expect(usageFromBody(protocol, { usage })).toBeNull();
  });

  it('zero input beside output, or beside cached tokens, is a real count and kept', () => {
    expect(usageFromBody('chat', { usage: { prompt_tokens: 0, completion_tokens: 7, total_tokens: 7 } })).toMatchObject({ inputTokens: 0, outputTokens: 7 });
    expect(usageFromBody('anthropic', { usage: { input_tokens: 12, output_tokens: 0 } })).toMatchObject({ inputTokens: 12, outputTokens: 0 });
    expect(usageFromBody('chat', { usage: { prompt_tokens: 300, completion_tokens: 0, prompt_tokens_details: { cached_tokens: 300 } } })).toMatchObject({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 300 });
    expect(usageFromBody('anthropic', { usage: { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 40 } })).toMatchObject({ inputTokens: 0, cacheWriteTokens: 40 });
  });
});

describe('usage from embeddings and image replies', () => {
  it('embeddings: prompt_tokens is the input, nothing is output', () => {
    expect(usageFromOpenAiSideReply({ object: 'list', data: [], usage: { prompt_tokens: 12, total_tokens: 12 } })).toEqual({
      inputTokens: 12,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
  });

  it('gpt-image: input_tokens and output_tokens, in the Responses names', () => {
    const usage = { input_tokens: 50, input_tokens_details: { text_tokens: 40, image_tokens: 10 }, output_tokens: 4160, total_tokens: 4210 };
    expect(usageFromOpenAiSideReply({ created: 1, data: [], usage })).toMatchObject({ inputTokens: 50, outputTokens: 4160, cacheReadTokens: 0 });
  });

  it('dall-e reports none', () => {
    expect(usageFromOpenAiSideReply({ created: 1, data: [{ url: 'https://example.com/a.png' }] })).toBeNull();
  });
});

describe('token estimates', () => {
  it('counts about four characters per token and one per CJK character', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcdefgh')).toBe(2);
    expect(estimateTokens('你好世界')).toBe(4);
    expect(estimateTokens('ab你好')).toBe(3);
  });

  it('estimates an Anthropic request from system, messages, images and tool schemas', () => {
    const body = {
      model: 'm',
      system: 'x'.repeat(40),
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'y'.repeat(80) },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
          ],
        },
      ],
      tools: [{ name: 'abcd', input_schema: { type: 'object', properties: {} } }],
    };
    // system 10 + 4, user 20 + 1600 + 4, tool ceil((4 + 34) / 4) = 10
    expect(estimateAnthropicInputTokens(body)).toBe(1648);
    expect(estimateInputTokens('chat', { messages: [{ role: 'user', content: 'z'.repeat(400) }] })).toBe(104);
  });

  it('counts an inline document by its base64 length / 4, and one known only by URL like an image', () => {
    const doc = (source: Record<string, unknown>) => ({ model: 'm', messages: [{ role: 'user', content: [{ type: 'document', source }] }] });
    // 4 message overhead + 4000 / 4
    expect(estimateAnthropicInputTokens(doc({ type: 'base64', media_type: 'application/pdf', data: 'A'.repeat(4000) }))).toBe(1004);
    expect(estimateAnthropicInputTokens(doc({ type: 'url', url: 'https://example.com/a.pdf' }))).toBe(1604);
    const toolResult = { type: 'tool_result', tool_use_id: 't', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'A'.repeat(400) } }] };
    expect(estimateAnthropicInputTokens({ model: 'm', messages: [{ role: 'user', content: [toolResult] }] })).toBe(104);
  });

  it('estimates an embeddings input (a text, texts or token ids) and an image prompt', () => {
    expect(estimateOpenAiSideInputTokens({ model: 'e', input: 'x'.repeat(40) })).toBe(10);
    expect(estimateOpenAiSideInputTokens({ model: 'e', input: ['x'.repeat(40), 'y'.repeat(8)] })).toBe(12);
    expect(estimateOpenAiSideInputTokens({ model: 'e', input: [[101, 202, 303], [404]] })).toBe(4);
    expect(estimateOpenAiSideInputTokens({ model: 'i', prompt: 'z'.repeat(80) })).toBe(20);
    expect(estimateOpenAiSideInputTokens({ model: 'e' })).toBe(0);
  });
});

describe('an error delivered as a 200 reply', () => {
  it.each([
    ['OpenRouter, numeric code', { error: { message: 'No endpoints found that support image input', code: 404 }, user_id: 'u1' }, 404],
    ['new-api, string code', { error: { message: '该令牌额度已用尽', type: 'new_api_error', param: '', code: 'pre_consume_token_quota_failed' } }, 502],
    ['OpenAI type rate_limit', { error: { message: 'slow down', type: 'requests', code: 'rate_limit_exceeded' } }, 429],
    ['Anthropic shape', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, 503],
    ['a failed Responses object', { id: 'resp_1', object: 'response', status: 'failed', error: { code: 'server_error', message: 'boom' }, output: [] }, 502],
    ['a bare string', { error: 'upstream timeout' }, 502],
  ])('%s is an error with status %i and the upstream message', (_name, body, status) => {
    const found = errorInReply(body, []);
    expect(found?.status).toBe(status);
    const error = (body as { error: unknown }).error;
    expect(found?.message).toBe(typeof error === 'string' ? error : (error as { message: string }).message);
  });

  it('a message that quotes one of the provider\'s keys has it masked', () => {
    const key = 'sk-replykey0123456789WXYZ';
    expect(errorInReply({ error: { message: `quota gone for ${key}`, type: 'insufficient_quota' } }, [key])?.message).toBe('quota gone for sk-…WXYZ');
    expect(errorInReply({ error: `bad key ${key}` }, ['sk-otherkey000000', key])?.message).toBe('bad key sk-…WXYZ');
  });

  it('real replies are not errors, including a Responses object with error: null', () => {
    expect(errorInReply({ id: 'c1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }] }, [])).toBeNull();
    expect(errorInReply({ id: 'resp_1', object: 'response', status: 'completed', error: null, output: [] }, [])).toBeNull();
    expect(errorInReply({ id: 'msg_1', type: 'message', content: [] }, [])).toBeNull();
    // Extra fields some gateways add to good replies.
    expect(errorInReply({ id: 'c2', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' } }], error: { message: '' } }, [])).toBeNull();
    expect(errorInReply({ id: 'c3', object: 'chat.completion', choices: [], error: {} }, [])).toBeNull();
    expect(errorInReply({ id: 'resp_2', object: 'response', status: 'incomplete', error: { code: 'x', message: 'y' }, output: [] }, [])).toBeNull();
  });
});
