import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { dispatch } from '../../electron/core/rpc';
import type { Handlers } from '../../shared/contract';

/** What the edge says for an input that does not match the contract (handlers are never reached). */
async function refusal(channel: 'providers.add' | 'routes.set' | 'settings.set', input: unknown): Promise<string> {
  const result = await dispatch({} as Handlers, channel, input);
  if (result.ok) throw new Error('the input was accepted');
  expect(result.error.code).toBe('invalid_input');
  return result.error.message;
}

describe('contract errors in people\u2019s words', () => {
  it('names the field, not the schema path or the channel', async () => {
    const message = await refusal('providers.add', { name: 'gw', baseUrl: 'https://gw.example.com', key: 'sk-1', protocols: ['chat', 'antropic'] });
    expect(message).toBe('Protocols item 2 is "antropic"; use one of chat, anthropic, responses.');
    expect(message).not.toMatch(/providers\.add|protocols\.1/);
  });

  it('says a missing field is missing and a number out of range what range it needs', async () => {
    expect(await refusal('providers.add', { name: 'gw', baseUrl: 'https://gw.example.com' })).toBe('Key is missing.');
    expect(await refusal('providers.add', { name: 'gw', key: 'sk-1', groupRatio: 0 })).toBe('Group ratio must be more than 0.');
    expect(await refusal('routes.set', { client: 'claude', providers: [] })).toBe('Providers takes at least 1 entry.');
  });

  it('asks for a whole number in words, and gives a bound in milliseconds its unit', async () => {
    expect(await refusal('settings.set', { breakerThreshold: 2.5 })).toBe('Breaker threshold must be a whole number.');
    expect(await refusal('settings.set', { responseTimeoutMs: 0 })).toBe('Response timeout must be at least 100 ms.');
  });

  it('keeps a schema\u2019s own sentence', async () => {
    expect(await refusal('providers.add', { name: '-bad', key: 'sk-1' })).toMatch(/^A provider name uses letters, digits/);
  });

  it('refuses a key with a space, tab, line break or control character inside, with one sentence', async () => {
    for (const key of ['sk-abc def', 'sk-abc\tdef', 'sk-abc\ndef', 'sk-abc\u0007def']) {
      expect(await refusal('providers.add', { name: 'gw', baseUrl: 'https://gw.example.com', key })).toMatch(/^The key contains a space, line break or control character; copy the key again/);
    }
    const accepted = contract['providers.add'].input.safeParse({ name: 'gw', key: '  sk-abcdef\n' });
    expect(accepted.success && accepted.data.key).toBe('sk-abcdef');
  });
});
