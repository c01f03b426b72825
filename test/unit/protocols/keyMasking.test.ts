/**
 * An upstream error that quotes the provider's key, read by the stream converters: converted or
 * passed through, the caller's events and the reported failure carry the key masked, while every
 * other event of a passthrough stream is still the very same event (its bytes go out unchanged).
 */
import { describe, expect, it } from 'vitest';
import { createStreamConverter, type SseEvent } from '../../../electron/core/proxy/protocols';

const KEY = 'sk-streamkey0123456789ABCD';
const MASKED = 'sk-…ABCD';
const secrets = ['sk-otherkey9876543210', KEY];

const chunk = (delta: Record<string, unknown>): SseEvent => ({
  data: JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: null }] }),
});
const errorEvent = (message: string): SseEvent => ({ data: JSON.stringify({ error: { message, type: 'server_error' } }) });

describe('a stream error that quotes the key', () => {
  it('passed through: ordinary events and a keyless error stay the same events; an error quoting the key is re-encoded masked', () => {
    const converter = createStreamConverter('chat', 'chat', { secrets });
    for (const ev of [chunk({ role: 'assistant', content: 'he' }), chunk({ content: 'llo' })]) {
      const out = converter.push(ev);
      expect(out).toHaveLength(1);
      expect(out[0]).toBe(ev);
    }
    const quoting = errorEvent(`balance gone for Bearer ${KEY}`);
    const [sent] = converter.push(quoting);
    expect(sent).not.toBe(quoting);
    expect(sent.data).not.toContain(KEY);
    expect(JSON.parse(sent.data)).toEqual({ error: { message: `balance gone for Bearer ${MASKED}`, type: 'server_error' } });
    expect(converter.progress().error).toBe(`balance gone for Bearer ${MASKED}`);

    const keyless = errorEvent('overloaded');
    const other = createStreamConverter('chat', 'chat', { secrets });
    other.push(chunk({ role: 'assistant', content: 'hi' }));
    const out = other.push(keyless);
    expect(out).toHaveLength(1);
    expect(out[0]).toBe(keyless);
  });

  it('converted: the caller\'s error event and the failure carry the key masked', () => {
    const converter = createStreamConverter('chat', 'anthropic', { secrets });
    converter.push(chunk({ role: 'assistant', content: 'hi' }));
    const wire = converter.push(errorEvent(`key ${KEY} rejected`)).map((ev) => ev.data).join('\n');
    expect(wire).not.toContain(KEY);
    expect(wire).toContain(`key ${MASKED} rejected`);
    expect(converter.progress().error).toBe(`key ${MASKED} rejected`);
  });

  it('garbage quoted in our own error event is masked too', () => {
    const converter = createStreamConverter('chat', 'chat', { secrets });
    const [sent] = converter.push({ data: `Bearer ${KEY} <- not json` });
    expect(sent.data).not.toContain(KEY);
    expect(converter.progress().error).toContain(MASKED);
  });
});
