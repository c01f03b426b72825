/**
 * The official SDKs as strict parsers: a local server converts a scripted upstream reply of
 * another protocol into the caller's and the SDK must accept it and read the same content.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { Protocol } from '../../../shared/schemas';
import { convertRequest, convertResponse, createStreamConverter, encodeSse, errorBody, type SseEvent } from '../../../electron/core/proxy/protocols';
import { reparse } from './helpers/run';
import { SEPARATE_TEXT, upstreamBody, upstreamStream, USAGE, type Scenario } from './helpers/scenario';

const SCENARIO: Scenario = {
  steps: [
    { thinking: ['Two files ', 'needed.'] },
    { text: ['Reading ', 'both.'] },
    { tool: { id: 'call_a1', name: 'read_file', args: ['{"path":', '"a.txt"}'] } },
    { tool: { id: 'call_b2', name: 'read_file', args: ['{"path":"b', '.txt"}'] } },
  ],
  stop: 'tool_use',
  usage: USAGE,
};

const TOOL_SCHEMA = { type: 'object' as const, properties: { path: { type: 'string' } }, required: ['path'] };
const EXPECTED_CALLS = [
  { id: 'call_a1', name: 'read_file', input: { path: 'a.txt' } },
  { id: 'call_b2', name: 'read_file', input: { path: 'b.txt' } },
];

type Script = { kind: 'reply'; upstream: Protocol; scenario: Scenario; failAfter?: number } | { kind: 'http_error'; status: number; message: string };

interface Served {
  baseUrl: string;
  /** The bodies the server would have sent upstream. */
  upstreamRequests: Array<Record<string, unknown>>;
}

let server: http.Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

function callerOf(url: string): Protocol {
  if (url.includes('/messages')) return 'anthropic';
  return url.includes('/chat/completions') ? 'chat' : 'responses';
}

const UPSTREAM_FAILURE: Record<Protocol, SseEvent> = {
  chat: { data: JSON.stringify({ error: { message: 'upstream overloaded', type: 'server_error' } }) },
  anthropic: { event: 'error', data: JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'upstream overloaded' } }) },
  responses: { event: 'error', data: JSON.stringify({ type: 'error', code: 'server_error', message: 'upstream overloaded', sequence_number: 5 }) },
};

async function serve(script: Script): Promise<Served> {
  const upstreamRequests: Array<Record<string, unknown>> = [];
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    const caller = callerOf(req.url ?? '');
    if (script.kind === 'http_error') {
      res.writeHead(script.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(errorBody(caller, script.status, script.message)));
      return;
    }
    upstreamRequests.push(convertRequest(caller, script.upstream, body));
    const opts = { model: String(body.model), request: body };
    if (body.stream !== true) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(convertResponse(script.upstream, caller, upstreamBody[script.upstream](script.scenario), opts)));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const converter = createStreamConverter(script.upstream, caller, opts);
    let upstream = reparse(upstreamStream[script.upstream](script.scenario), 11);
    if (script.failAfter !== undefined) upstream = [...upstream.slice(0, script.failAfter), UPSTREAM_FAILURE[script.upstream]];
    for (const ev of upstream) for (const out of converter.push(ev)) res.write(encodeSse(out));
    for (const out of converter.end()) res.write(encodeSse(out));
    res.end();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, upstreamRequests };
}

const anthropicClient = (s: Served) => new Anthropic({ baseURL: s.baseUrl, apiKey: 'sb-test', maxRetries: 0 });
const openaiClient = (s: Served) => new OpenAI({ baseURL: `${s.baseUrl}/v1`, apiKey: 'sb-test', maxRetries: 0 });

const anthropicParams = {
  model: 'claude-sonnet-4',
  max_tokens: 1024,
  messages: [{ role: 'user' as const, content: 'Read a.txt and b.txt' }],
  tools: [{ name: 'read_file', description: 'Read a file', input_schema: TOOL_SCHEMA }],
};
const chatParams = {
  model: 'gpt-4o',
  messages: [{ role: 'user' as const, content: 'Read a.txt and b.txt' }],
  tools: [{ type: 'function' as const, function: { name: 'read_file', description: 'Read a file', parameters: TOOL_SCHEMA } }],
};
const responsesParams = {
  model: 'gpt-5-codex',
  input: 'Read a.txt and b.txt',
  tools: [{ type: 'function' as const, name: 'read_file', description: 'Read a file', parameters: TOOL_SCHEMA, strict: false }],
};

describe.each(['chat', 'responses'] as const)('Anthropic SDK reading a converted %s upstream', (upstream) => {
  it('messages.stream().finalMessage(): thinking, text, parallel tool calls with ids and parsed input, usage', async () => {
    const served = await serve({ kind: 'reply', upstream, scenario: SCENARIO });
    const message = await anthropicClient(served).messages.stream(anthropicParams).finalMessage();
    expect(message.model).toBe('claude-sonnet-4');
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Two files needed.', signature: '' },
      { type: 'text', text: 'Reading both.' },
      { type: 'tool_use', id: 'call_a1', name: 'read_file', input: { path: 'a.txt' } },
      { type: 'tool_use', id: 'call_b2', name: 'read_file', input: { path: 'b.txt' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({ input_tokens: 40, output_tokens: 20, cache_read_input_tokens: 60, cache_creation_input_tokens: 5 });
    if (upstream === 'chat') expect(served.upstreamRequests[0].stream_options).toEqual({ include_usage: true });
  });

  it('messages.create() without streaming', async () => {
    const served = await serve({ kind: 'reply', upstream, scenario: SCENARIO });
    const message = await anthropicClient(served).messages.create(anthropicParams);
    expect(message.content.filter((b) => b.type === 'tool_use')).toEqual(EXPECTED_CALLS.map((c) => ({ type: 'tool_use', ...c })));
    expect(message.content.find((b) => b.type === 'text')).toEqual({ type: 'text', text: 'Reading both.' });
    expect(message.usage.input_tokens).toBe(40);
  });

  it('an upstream failure mid-stream rejects finalMessage() with the upstream message', async () => {
    const served = await serve({ kind: 'reply', upstream, scenario: SCENARIO, failAfter: 6 });
    await expect(anthropicClient(served).messages.stream(anthropicParams).finalMessage()).rejects.toMatchObject({
      // OpenAI's server_error is Anthropic's api_error.
      error: { type: 'error', error: { type: 'api_error', message: 'upstream overloaded' } },
    });
  });
});

describe.each(['anthropic', 'responses'] as const)('OpenAI SDK (Chat) reading a converted %s upstream', (upstream) => {
  it('chat.completions.create({stream: true}): chunks carry text, reasoning, tool calls and a final usage chunk', async () => {
    const served = await serve({ kind: 'reply', upstream, scenario: SCENARIO });
    const stream = await openaiClient(served).chat.completions.create({ ...chatParams, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let reasoning = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as (OpenAI.Chat.ChatCompletionChunk.Choice.Delta & { reasoning_content?: string }) | undefined;
      text += delta?.content ?? '';
      reasoning += delta?.reasoning_content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect([text, reasoning]).toEqual(['Reading both.', 'Two files needed.']);
    expect(usage).toEqual({
      prompt_tokens: 105,
      completion_tokens: 20,
      total_tokens: 125,
      prompt_tokens_details: { cached_tokens: 60, cached_creation_tokens: 5 },
      completion_tokens_details: { reasoning_tokens: 3 },
    });
  });

  it('chat.completions.stream().finalChatCompletion(): parallel tool calls with ids and arguments, finish reason', async () => {
    const served = await serve({ kind: 'reply', upstream, scenario: SCENARIO });
    const completion = await openaiClient(served).chat.completions.stream({ ...chatParams, stream_options: { include_usage: true } }).finalChatCompletion();
    const message = completion.choices[0].message;
    expect(message.content).toBe('Reading both.');
    expect(message.tool_calls?.map((c) => (c.type === 'function' ? { id: c.id, name: c.function.name, input: JSON.parse(c.function.arguments) } : c))).toEqual(EXPECTED_CALLS);
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    expect(completion.model).toBe('gpt-4o');
    expect(completion.usage?.prompt_tokens).toBe(105);
  });

  it('chat.completions.create() without streaming', async () => {
    const served = await serve({ kind: 'reply', upstream, scenario: SCENARIO });
    const completion = await openaiClient(served).chat.completions.create(chatParams);
    const calls = completion.choices[0].message.tool_calls ?? [];
    expect(calls.map((c) => (c.type === 'function' ? { id: c.id, name: c.function.name, input: JSON.parse(c.function.arguments) } : c))).toEqual(EXPECTED_CALLS);
    expect(completion.usage).toMatchObject({ prompt_tokens: 105, completion_tokens: 20 });
  });

  it('an upstream failure mid-stream makes the SDK throw with the upstream message', async () => {
    const served = await serve({ kind: 'reply', upstream, scenario: SCENARIO, failAfter: 6 });
    const stream = await openaiClient(served).chat.completions.create({ ...chatParams, stream: true });
    await expect(
      (async () => {
        for await (const chunk of stream) void chunk;
      })(),
    ).rejects.toMatchObject({ message: 'upstream overloaded' });
  });
});

describe.each(['anthropic', 'chat'] as const)('OpenAI SDK (Responses) reading a converted %s upstream', (upstream) => {
  it('responses.stream().finalResponse(): reasoning, message, function calls with call ids, usage', async () => {
    const served = await serve({ kind: 'reply', upstream, scenario: SCENARIO });
    const response = await openaiClient(served).responses.stream(responsesParams).finalResponse();
    expect(response.status).toBe('completed');
    expect(response.model).toBe('gpt-5-codex');
    expect(response.output_text).toBe('Reading both.');
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call', 'function_call']);
    const calls = response.output.flatMap((item) => (item.type === 'function_call' ? [{ id: item.call_id, name: item.name, input: JSON.parse(item.arguments) }] : []));
    expect(calls).toEqual(EXPECTED_CALLS);
    expect(response.usage).toEqual({
      input_tokens: 105,
      input_tokens_details: { cached_tokens: 60, cached_creation_tokens: 5 },
      output_tokens: 20,
      output_tokens_details: { reasoning_tokens: 3 },
      total_tokens: 125,
    });
    expect(served.upstreamRequests[0]).toMatchObject(upstream === 'chat' ? { messages: [{ role: 'user', content: 'Read a.txt and b.txt' }] } : { max_tokens: 8192 });
  });

  it('responses.create() without streaming', async () => {
    const served = await serve({ kind: 'reply', upstream, scenario: SCENARIO });
    const response = await openaiClient(served).responses.create(responsesParams);
    expect(response.output_text).toBe('Reading both.');
    expect(response.output.filter((item) => item.type === 'function_call').map((item) => (item as OpenAI.Responses.ResponseFunctionToolCall).call_id)).toEqual(['call_a1', 'call_b2']);
    expect(response.usage?.total_tokens).toBe(125);
  });

  it('an upstream failure mid-stream ends as a failed response carrying the upstream message', async () => {
    const served = await serve({ kind: 'reply', upstream, scenario: SCENARIO, failAfter: 6 });
    const response = await openaiClient(served).responses.stream(responsesParams).finalResponse();
    expect(response.status).toBe('failed');
    expect(response.error).toEqual({ type: 'server_error', code: 'server_error', message: 'upstream overloaded' });
  });
});

describe('SDKs reading a Responses upstream whose text comes in several message items', () => {
  const pieces = ['I read the file.', 'Now I will edit it.', 'Done.'];
  const edit = { type: 'tool_use', id: 'call_e1', name: 'edit', input: { path: 'a.txt' } };
  const anthropicContent = [{ type: 'text', text: pieces[0] }, { type: 'text', text: pieces[1] }, edit, { type: 'text', text: pieces[2] }];

  it('Anthropic SDK: one text block per item, streamed and not', async () => {
    const served = await serve({ kind: 'reply', upstream: 'responses', scenario: SEPARATE_TEXT });
    expect((await anthropicClient(served).messages.stream(anthropicParams).finalMessage()).content).toEqual(anthropicContent);
    expect((await anthropicClient(served).messages.create(anthropicParams)).content).toEqual(anthropicContent);
  });

  it('OpenAI SDK (Chat): the items joined by a blank line, streamed and not', async () => {
    const served = await serve({ kind: 'reply', upstream: 'responses', scenario: SEPARATE_TEXT });
    const streamed = await openaiClient(served).chat.completions.stream(chatParams).finalChatCompletion();
    const whole = await openaiClient(served).chat.completions.create(chatParams);
    expect([streamed.choices[0].message.content, whole.choices[0].message.content]).toEqual([pieces.join('\n\n'), pieces.join('\n\n')]);
  });
});

describe('SDKs reading an upstream HTTP error converted to the caller protocol', () => {
  it('Anthropic SDK: status and error type kept', async () => {
    const served = await serve({ kind: 'http_error', status: 429, message: 'gw: too many requests' });
    await expect(anthropicClient(served).messages.create(anthropicParams)).rejects.toMatchObject({
      status: 429,
      error: { type: 'error', error: { type: 'rate_limit_error', message: 'gw: too many requests' } },
    });
  });

  it('OpenAI SDK: status, message and code kept (Chat and Responses)', async () => {
    const served = await serve({ kind: 'http_error', status: 503, message: 'gw: no capacity' });
    await expect(openaiClient(served).chat.completions.create(chatParams)).rejects.toMatchObject({ status: 503, error: { message: 'gw: no capacity', type: 'server_error' } });
    await expect(openaiClient(served).responses.create(responsesParams)).rejects.toMatchObject({ status: 503, error: { message: 'gw: no capacity' } });
  });
});

describe('SDKs sending PDF documents (typed by the SDKs) through a conversion', () => {
  const PDF_DATA = 'JVBERi0xLjQK';

  it('Anthropic SDK: a document block reaches a Chat upstream as a file part and a Responses upstream as input_file', async () => {
    const document: Anthropic.DocumentBlockParam = { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF_DATA }, title: 'spec.pdf' };
    const params = { ...anthropicParams, messages: [{ role: 'user' as const, content: [document, { type: 'text' as const, text: 'Summarise' }] }] };
    const chat = await serve({ kind: 'reply', upstream: 'chat', scenario: SCENARIO });
    await anthropicClient(chat).messages.create(params);
    const chatFile: OpenAI.Chat.ChatCompletionContentPart = { type: 'file', file: { filename: 'spec.pdf', file_data: `data:application/pdf;base64,${PDF_DATA}` } };
    expect(chat.upstreamRequests[0].messages).toEqual([{ role: 'user', content: [chatFile, { type: 'text', text: 'Summarise' }] }]);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    const responses = await serve({ kind: 'reply', upstream: 'responses', scenario: SCENARIO });
    await anthropicClient(responses).messages.create(params);
    const inputFile: OpenAI.Responses.ResponseInputFile = { type: 'input_file', filename: 'spec.pdf', file_data: `data:application/pdf;base64,${PDF_DATA}` };
    expect(responses.upstreamRequests[0].input).toEqual([{ type: 'message', role: 'user', content: [inputFile, { type: 'input_text', text: 'Summarise' }] }]);
  });

  it('OpenAI SDK (Chat): a file part reaches an Anthropic upstream as a document block', async () => {
    const served = await serve({ kind: 'reply', upstream: 'anthropic', scenario: SCENARIO });
    const file: OpenAI.Chat.ChatCompletionContentPart.File = { type: 'file', file: { filename: 'spec.pdf', file_data: `data:application/pdf;base64,${PDF_DATA}` } };
    await openaiClient(served).chat.completions.create({ ...chatParams, messages: [{ role: 'user', content: [file] }] });
    const document: Anthropic.DocumentBlockParam = { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF_DATA }, title: 'spec.pdf' };
    expect(served.upstreamRequests[0].messages).toEqual([{ role: 'user', content: [document] }]);
  });
});
