/**
 * The official SDKs as strict parsers of what the proxy sends back, through every conversion path:
 * each caller protocol against gateways that speak only one of the other protocols, streamed and
 * not, for plain text and for a tool call.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Protocol } from '../../../shared/schemas';
import { startProxyHarness, type ProxyHarness } from '../../helpers/proxyHarness';

const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

const upstreams: Protocol[] = ['chat', 'anthropic', 'responses'];

describe.each(upstreams)('SDK callers through the proxy to a %s-only gateway', (upstream) => {
  let h: ProxyHarness;
  beforeAll(async () => {
    h = await startProxyHarness({ protocols: [upstream] });
  });
  afterAll(() => h.close());

  /** Registers a test only where the caller's protocol differs from the gateway's (a conversion path). */
  const whenConverted = (caller: Protocol, name: string, fn: () => Promise<void>) => {
    if (caller !== upstream) it(name, fn);
  };

  const openai = () => new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token('chat'), maxRetries: 0 });
  const anthropic = () => new Anthropic({ baseURL: h.url, apiKey: h.token('claude'), maxRetries: 0 });

  whenConverted('anthropic', 'Anthropic messages.stream().finalMessage(): text and usage', async () => {
    h.gateway.script({ kind: 'text', text: 'Hello from the gateway, in three parts.', chunks: 3 });
    const msg = await anthropic()
      .messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 200, messages: [{ role: 'user', content: 'hi' }] })
      .finalMessage();
    expect(msg.content).toEqual([expect.objectContaining({ type: 'text', text: 'Hello from the gateway, in three parts.' })]);
    expect(msg.stop_reason).toBe('end_turn');
    expect(msg.usage.input_tokens).toBeGreaterThan(0);
    expect(msg.usage.output_tokens).toBeGreaterThan(0);
  });

  whenConverted('anthropic', 'Anthropic: a tool call, streamed and not', async () => {
    const tools = [{ name: WEATHER_TOOL.name, description: WEATHER_TOOL.description, input_schema: WEATHER_TOOL.parameters as Anthropic.Tool.InputSchema }];
    for (const stream of [true, false]) {
      h.gateway.script({ kind: 'tool_calls', calls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] });
      const params = { model: 'claude-sonnet-4-6', max_tokens: 200, tools, messages: [{ role: 'user' as const, content: 'weather in Paris?' }] };
      const msg = stream ? await anthropic().messages.stream(params).finalMessage() : await anthropic().messages.create(params);
      const use = msg.content.find((b) => b.type === 'tool_use');
      expect(use, `stream=${stream}`).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Paris' } });
      expect((use as { id: string }).id).toBeTruthy();
      expect(msg.stop_reason).toBe('tool_use');
    }
  });

  whenConverted('chat', 'OpenAI chat.completions stream: text and usage', async () => {
    h.gateway.script({ kind: 'text', text: 'Chat caller, converted reply.', chunks: 4 });
    const stream = await openai().chat.completions.create({
      model: 'gpt-5.4',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'hi' }],
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Chat caller, converted reply.');
    expect(finish).toBe('stop');
    expect(usage?.prompt_tokens).toBeGreaterThan(0);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  whenConverted('chat', 'OpenAI chat.completions: parallel tool calls, streamed and not', async () => {
    const tools = [{ type: 'function' as const, function: WEATHER_TOOL }];
    for (const stream of [true, false]) {
      h.gateway.script({ kind: 'tool_calls', calls: [{ name: 'get_weather', arguments: { city: 'Paris' } }, { name: 'get_weather', arguments: { city: 'Oslo' } }] });
      const params = { model: 'gpt-5.4', tools, messages: [{ role: 'user' as const, content: 'weather?' }] };
      const calls = stream
        ? (await openai().chat.completions.stream(params).finalChatCompletion()).choices[0].message.tool_calls
        : (await openai().chat.completions.create(params)).choices[0].message.tool_calls;
      const fns = (calls ?? []).map((c) => (c.type === 'function' ? { name: c.function.name, args: JSON.parse(c.function.arguments) } : null));
      expect(fns, `stream=${stream}`).toEqual([
        { name: 'get_weather', args: { city: 'Paris' } },
        { name: 'get_weather', args: { city: 'Oslo' } },
      ]);
    }
  });

  whenConverted('responses', 'OpenAI responses.stream().finalResponse(): text, a tool call and usage', async () => {
    h.gateway.script({ kind: 'text', text: 'Responses caller, converted reply.', chunks: 3 });
    const r = await openai().responses.stream({ model: 'gpt-5.4', input: 'hi' }).finalResponse();
    expect(r.output_text).toBe('Responses caller, converted reply.');
    expect(r.status).toBe('completed');
    expect(r.usage?.input_tokens).toBeGreaterThan(0);
    expect(r.usage?.output_tokens).toBeGreaterThan(0);

    h.gateway.script({ kind: 'tool_calls', calls: [{ name: 'get_weather', arguments: { city: 'Rome' } }] });
    const withTool = await openai()
      .responses.stream({ model: 'gpt-5.4', input: 'weather?', tools: [{ type: 'function', strict: false, ...WEATHER_TOOL }] })
      .finalResponse();
    const call = withTool.output.find((o) => o.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather' });
    expect(JSON.parse((call as { arguments: string }).arguments)).toEqual({ city: 'Rome' });
  });

  whenConverted('responses', 'OpenAI responses.create non-streaming', async () => {
    h.gateway.script({ kind: 'text', text: 'Not streamed.' });
    const r = await openai().responses.create({ model: 'gpt-5.4', input: 'hi' });
    expect(r.output_text).toBe('Not streamed.');
  });

  it('passthrough in the gateway protocol keeps the reply intact and rewrites the model when the route says so', async () => {
    await h.running.app.handlers['routes.set']({ client: 'chat', providers: ['gw'], model: 'mapped-model' });
    await h.running.app.handlers['routes.set']({ client: 'claude', providers: ['gw'], model: 'mapped-model' });
    h.gateway.script({ kind: 'text', text: 'Passed straight through.' });
    if (upstream === 'chat') {
      const r = await openai().chat.completions.create({ model: 'gpt-5.4', messages: [{ role: 'user', content: 'hi' }] });
      expect(r.choices[0].message.content).toBe('Passed straight through.');
    } else if (upstream === 'anthropic') {
      const r = await anthropic().messages.create({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
      expect(r.content[0]).toMatchObject({ type: 'text', text: 'Passed straight through.' });
    } else {
      const r = await openai().responses.create({ model: 'gpt-5.4', input: 'hi' });
      expect(r.output_text).toBe('Passed straight through.');
    }
    const last = h.gateway.requests.filter((q) => q.method === 'POST').at(-1)!;
    expect((last.body as { model: string }).model).toBe('mapped-model');
    expect(last.headers.authorization).toBe(`Bearer ${h.gateway.apiKey}`);
  });
});
