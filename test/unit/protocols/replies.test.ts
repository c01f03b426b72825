import { describe, expect, it } from 'vitest';
import { anthropicResponseToChat, anthropicResponseToResponses, chatResponseToAnthropic, chatResponseToResponses, convertResponse, estimateInputTokens, estimateOutputTokens, responsesResponseToAnthropic } from '../../../electron/core/proxy/protocols';
import { readBody } from './helpers/callers';
import { PAIRS } from './helpers/run';
import { anthropicBody, chatBody, expectedReply, responsesBody, SCENARIOS, SEPARATE_TEXT, upstreamBody, USAGE } from './helpers/scenario';

describe.each(PAIRS)('reply: %s upstream -> %s caller', (from, to) => {
  it.each(Object.keys(SCENARIOS))('%s: content, tool calls, ids, stop and usage survive', (name) => {
    const scenario = SCENARIOS[name];
    const reply = readBody(to, convertResponse(from, to, upstreamBody[from](scenario), { model: 'caller-model' }));
    const expected = expectedReply(scenario, from, to);
    expect(reply.model).toBe('caller-model');
    expect(reply.text).toBe(expected.text);
    expect(reply.thinking).toBe(expected.thinking);
    expect(reply.tools).toEqual(expected.tools);
    expect(reply.stop).toBe(expected.stop);
    expect(reply.usage).toEqual(USAGE);
    // A complete Chat reply has one content string, so its order is always reasoning, text, calls.
    const chatOrder = [...(expected.thinking ? ['thinking'] : []), ...(expected.text ? ['text'] : []), ...expected.tools.map(() => 'tool')];
    if (reply.blocks) expect(reply.blocks).toEqual(from === 'chat' ? chatOrder : expected.blocks);
  });
});

describe('reply: pieces of text the upstream kept apart stay apart', () => {
  it('Responses message items -> Anthropic: one text block per item, around the tool_use', () => {
    expect(responsesResponseToAnthropic(responsesBody(SEPARATE_TEXT)).content).toEqual([
      { type: 'text', text: 'I read the file.' },
      { type: 'text', text: 'Now I will edit it.' },
      { type: 'tool_use', id: 'call_e1', name: 'edit', input: { path: 'a.txt' } },
      { type: 'text', text: 'Done.' },
    ]);
  });

  it('Responses message items -> Chat: one content string with a blank line between items', () => {
    expect(convertResponse('responses', 'chat', responsesBody(SEPARATE_TEXT)).choices).toMatchObject([{ message: { content: 'I read the file.\n\nNow I will edit it.\n\nDone.' } }]);
  });

  it('Anthropic adjacent text blocks (a sentence split around a citation) stay one piece: no break for Chat, one Responses item', () => {
    const cited = anthropicBody({ steps: [{ text: ['The grass is '] }, { text: ['green'] }, { text: ['.'] }], stop: 'end_turn', usage: USAGE });
    expect(anthropicResponseToChat(cited).choices).toMatchObject([{ message: { content: 'The grass is green.' } }]);
    expect(readBody('responses', anthropicResponseToResponses(cited)).texts).toEqual(['The grass is green.']);
  });
});

describe('reply: exact shapes', () => {
  it('Chat -> Anthropic: reasoning first as unsigned thinking, then text, then parallel tool_use; id and usage mapped', () => {
    const body = chatBody({
      steps: [{ thinking: ['Plan.'] }, { text: ['Two files.'] }, ...SCENARIOS.parallelTools.steps],
      stop: 'tool_use',
      usage: USAGE,
    });
    expect(chatResponseToAnthropic(body, { model: 'claude-x' })).toEqual({
      id: 'msg_up1',
      type: 'message',
      role: 'assistant',
      model: 'claude-x',
      content: [
        { type: 'thinking', thinking: 'Plan.', signature: '' },
        { type: 'text', text: 'Two files.' },
        { type: 'tool_use', id: 'call_p1', name: 'read_file', input: { path: 'a.txt' } },
        { type: 'tool_use', id: 'call_p2', name: 'read_file', input: { path: 'b.txt' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 40, output_tokens: 20, cache_read_input_tokens: 60, cache_creation_input_tokens: 5, output_tokens_details: { thinking_tokens: 3 } },
    });
  });

  it('Anthropic -> Chat: content string, reasoning_content, tool_calls with JSON arguments, usage with cache details', () => {
    expect(anthropicResponseToChat(anthropicBody(SCENARIOS.singleTool))).toMatchObject({
      id: 'chatcmpl-up1',
      object: 'chat.completion',
      model: 'up-model',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Checking.',
            tool_calls: [{ id: 'call_w1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
            refusal: null,
          },
          finish_reason: 'tool_calls',
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: 105,
        completion_tokens: 20,
        total_tokens: 125,
        prompt_tokens_details: { cached_tokens: 60, cached_creation_tokens: 5 },
        completion_tokens_details: { reasoning_tokens: 3 },
      },
    });
  });

  it('Anthropic -> Responses: the thinking signature rides in encrypted_content; item ids derive from the response id', () => {
    const out = anthropicResponseToResponses(anthropicBody(SCENARIOS.thinkingThenText)) as { id: string; status: string; output: unknown[] };
    expect(out.id).toBe('resp_up1');
    expect(out.status).toBe('completed');
    expect(out.output).toEqual([
      { id: 'rs_up1_0', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Let me think.' }], encrypted_content: 'anthropic-signature:sig-up' },
      { id: 'msg_up1_1', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Answer: 42', annotations: [], logprobs: [] }] },
    ]);
  });

  it('Anthropic max_tokens -> Responses incomplete with reason max_output_tokens', () => {
    const out = anthropicResponseToResponses(anthropicBody(SCENARIOS.maxTokens));
    expect([out.status, out.incomplete_details]).toEqual(['incomplete', { reason: 'max_output_tokens' }]);
  });

  it('Responses incomplete -> Anthropic max_tokens', () => {
    expect(responsesResponseToAnthropic(responsesBody(SCENARIOS.maxTokens)).stop_reason).toBe('max_tokens');
  });

  it('unparsable arguments: kept raw for OpenAI callers, wrapped for Anthropic callers', () => {
    const body = chatBody({ steps: [{ tool: { id: 'call_x', name: 'edit', args: ['{"a":'] } }], stop: 'tool_use', usage: USAGE });
    const anthropic = chatResponseToAnthropic(body) as { content: unknown[] };
    expect(anthropic.content).toEqual([{ type: 'tool_use', id: 'call_x', name: 'edit', input: { raw_arguments: '{"a":' } }]);
    const responses = chatResponseToResponses(body) as { output: Array<Record<string, unknown>> };
    expect(responses.output[0]).toMatchObject({ type: 'function_call', call_id: 'call_x', arguments: '{"a":' });
  });

  it("a Responses caller's custom tool comes back as custom_tool_call with the raw input", () => {
    const body = chatBody({ steps: [{ tool: { id: 'call_p', name: 'apply_patch', args: [JSON.stringify({ input: '*** Begin Patch' })] } }], stop: 'tool_use', usage: USAGE });
    const out = chatResponseToResponses(body, { request: { tools: [{ type: 'custom', name: 'apply_patch' }] } }) as { output: unknown[] };
    expect(out.output).toEqual([{ id: 'ctc_up1_0', type: 'custom_tool_call', status: 'completed', call_id: 'call_p', name: 'apply_patch', input: '*** Begin Patch' }]);
  });

  it('a Chat refusal reads as text with a content_filter stop', () => {
    const body = { id: 'c', model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: 'No.' }, finish_reason: 'content_filter' }] };
    const out = chatResponseToAnthropic(body);
    expect([out.content, out.stop_reason]).toEqual([[{ type: 'text', text: 'No.' }], 'refusal']);
  });

  it("a reply without usage reports the ledger's estimate, never zeros: tools compact and show their context by it", () => {
    const text = 'Twelve characters long reply.';
    const body = { id: 'r', model: 'm', status: 'completed', output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] }] };
    const anthropicRequest = { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'How long is the reply going to be?' }] };
    const chatRequest = { model: 'm', messages: [{ role: 'user', content: 'How long is the reply going to be?' }] };
    const input = estimateInputTokens('anthropic', anthropicRequest);
    expect(input).toBeGreaterThan(0);
    expect(input).toBe(estimateInputTokens('chat', chatRequest));
    const output = estimateOutputTokens(text.length);
    expect(convertResponse('responses', 'anthropic', body, { request: anthropicRequest }).usage).toEqual({ input_tokens: input, output_tokens: output, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 });
    expect(convertResponse('responses', 'chat', body, { request: chatRequest }).usage).toMatchObject({ prompt_tokens: input, completion_tokens: output, total_tokens: input + output });
    // Reported usage goes as it came, and a same-protocol reply that has it is the very same body.
    const reported = { ...body, usage: { input_tokens: 3, output_tokens: 4, total_tokens: 7 } };
    expect(convertResponse('responses', 'chat', reported, { request: chatRequest }).usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 4 });
    expect(convertResponse('responses', 'responses', reported, { request: chatRequest })).toBe(reported);
    expect(convertResponse('responses', 'responses', body, { request: { model: 'm', input: 'How long is the reply going to be?' } }).usage).toMatchObject({ input_tokens: input, output_tokens: output });
  });
});
