import { describe, expect, it } from 'vitest';
import { clampOutputTokens, passthroughBody } from '../../../electron/core/proxy/passthroughBody';

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
