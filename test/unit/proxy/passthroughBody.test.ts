import { describe, expect, it } from 'vitest';
import { clampOutputTokens, passthroughBody, withProviderOutputCap } from '../../../electron/core/proxy/passthroughBody';
import { convertRequest } from '../../../electron/core/proxy/protocols/convert';

const rawOf = (text: string) => ({ raw: Buffer.from(text), body: JSON.parse(text) as Record<string, unknown> });
const none = { model: undefined, outputLimit: undefined, askForUsage: false };

describe("the caller's bytes sent as they are", () => {
  it('keeps the exact bytes (spacing, key order) when nothing changes, or the model is the one asked for', () => {
    const { raw, body } = rawOf('{ "model":"m1",\n "max_tokens": 100, "messages":[{"role":"user","content":"héllo"}] }\n');
    expect(passthroughBody(raw, body, none)).toBe(raw);
    expect(passthroughBody(raw, body, { ...none, model: 'm1', outputLimit: 100 })).toBe(raw);
  });

  it('gives up (re-encode) for another model or a token request above the limit', () => {
    const { raw, body } = rawOf('{"model":"m1","max_tokens":4096,"messages":[]}');
    expect(passthroughBody(raw, body, { ...none, model: 'm2' })).toBeNull();
    expect(passthroughBody(raw, body, { ...none, outputLimit: 1024 })).toBeNull();
  });

  it('splices the usage request into a Chat stream before the closing brace, into valid JSON', () => {
    const { raw, body } = rawOf('{"model":"m1","stream":true,"messages":[{"role":"user","content":"}"}]}  \n');
    const sent = passthroughBody(raw, body, { ...none, askForUsage: true });
    expect(JSON.parse(sent!.toString())).toEqual({ ...body, stream_options: { include_usage: true } });
  });

  it('sends a Chat stream that already asks for usage as it is, and re-encodes stream options of its own', () => {
    const asks = rawOf('{"model":"m1","stream":true,"stream_options":{"include_usage":true},"messages":[]}');
    expect(passthroughBody(asks.raw, asks.body, { ...none, askForUsage: true })).toBe(asks.raw);
    const own = rawOf('{"model":"m1","stream":true,"stream_options":{"include_obfuscation":false},"messages":[]}');
    expect(passthroughBody(own.raw, own.body, { ...none, askForUsage: true })).toBeNull();
  });

  it('clamps each token field above the limit and leaves the others', () => {
    const body: Record<string, unknown> = { max_tokens: 9000, max_completion_tokens: 10, max_output_tokens: 'x' };
    clampOutputTokens(body, 4096);
    expect(body).toEqual({ max_tokens: 4096, max_completion_tokens: 10, max_output_tokens: 'x' });
  });
});

describe("an Anthropic provider's output cap for a caller that names none", () => {
  const codexTurn = { model: 'claude-sonnet-4-5', input: 'write the patch', reasoning: { effort: 'high' } };
  const toAnthropic = (body: Record<string, unknown>, limit: number | undefined) =>
    convertRequest('responses', 'anthropic', withProviderOutputCap(body, 'responses', 'anthropic', limit)) as { max_tokens: number; thinking?: { budget_tokens: number } };

  it("asks for the provider's limit for the model, with the thinking budget inside it", () => {
    const sent = toAnthropic(codexTurn, 64_000);
    expect(sent.max_tokens).toBe(64_000);
    expect(sent.thinking!.budget_tokens).toBeLessThan(64_000);
  });

  it('keeps the converter default without a limit, and a cap the caller named', () => {
    expect(toAnthropic({ ...codexTurn, reasoning: undefined }, undefined).max_tokens).toBe(8192);
    expect(toAnthropic({ ...codexTurn, reasoning: undefined, max_output_tokens: 2000 }, 64_000).max_tokens).toBe(2000);
  });

  it('leaves a Chat caller to an OpenAI provider, which needs no cap, as it is', () => {
    const body = { model: 'gpt-5.4', messages: [] };
    expect(withProviderOutputCap(body, 'chat', 'chat', 64_000)).toBe(body);
    expect(withProviderOutputCap(body, 'chat', 'anthropic', 64_000)).toEqual({ ...body, max_tokens: 64_000 });
  });
});
