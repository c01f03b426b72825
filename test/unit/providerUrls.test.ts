import { describe, expect, it } from 'vitest';
import { gatewaySiteRoot, normaliseProviderUrls, providerEndpoints } from '../../electron/core/providers/urls';

describe('provider URL normalisation', () => {
  it.each([
    ['https://gw.example.com', 'https://gw.example.com/v1', 'https://gw.example.com'],
    ['https://gw.example.com/', 'https://gw.example.com/v1', 'https://gw.example.com'],
    ['gw.example.com', 'https://gw.example.com/v1', 'https://gw.example.com'],
    ['https://gw.example.com/v1/', 'https://gw.example.com/v1', 'https://gw.example.com'],
    ['https://gw.example.com/v1/chat/completions', 'https://gw.example.com/v1', 'https://gw.example.com'],
    ['https://openrouter.ai/api/v1', 'https://openrouter.ai/api/v1', 'https://openrouter.ai/api'],
    ['https://open.bigmodel.cn/api/paas/v4', 'https://open.bigmodel.cn/api/paas/v4', 'https://open.bigmodel.cn/api/paas/v4'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/v1', 'http://127.0.0.1:8080'],
    ['http://localhost:3000/v1', 'http://localhost:3000/v1', 'http://localhost:3000'],
    ['https://gw.example.com/all', 'https://gw.example.com/all/v1', 'https://gw.example.com/all'],
    ['https://gw.example.com/all/', 'https://gw.example.com/all/v1', 'https://gw.example.com/all'],
    ['https://gw.example.com/all/chat/completions', 'https://gw.example.com/all', 'https://gw.example.com/all'],
    ['https://gw.example.com/v1/audio/transcriptions', 'https://gw.example.com/v1', 'https://gw.example.com'],
    ['https://gw.example.com/v1/images/generations', 'https://gw.example.com/v1', 'https://gw.example.com'],
    ['https://gw.example.com/v1/moderations/', 'https://gw.example.com/v1', 'https://gw.example.com'],
    ['https://generativelanguage.example.com/v1beta', 'https://generativelanguage.example.com/v1beta', 'https://generativelanguage.example.com/v1beta'],
  ])('%s -> %s and %s', (input, openai, anthropic) => {
    expect(normaliseProviderUrls(input)).toEqual({ baseUrl: openai, anthropicUrl: anthropic });
  });

  it('takes an explicit Anthropic root and cuts a pasted /v1/messages', () => {
    expect(normaliseProviderUrls('https://api.deepseek.com', 'https://api.deepseek.com/anthropic/v1/messages')).toEqual({
      baseUrl: 'https://api.deepseek.com/v1',
      anthropicUrl: 'https://api.deepseek.com/anthropic',
    });
  });

  it.each([
    ['not a url at all', /not a valid URL|no valid host/],
    ['ftp://gw.example.com', /must start with https:\/\/ or http:\/\//],
    ['https://user:pw@gw.example.com', /user name or password/],
    ['https://gw.example.com/v1?key=1', /query string/],
    ['https://', /not a valid URL|no valid host/],
    ['https://nodot', /no valid host/],
  ])('refuses %s with one sentence', (input, pattern) => {
    expect(() => normaliseProviderUrls(input)).toThrow(pattern);
  });

  it('puts every protocol under the same root for a gateway path without a version (/all)', () => {
    const endpoints = providerEndpoints(normaliseProviderUrls('https://gw.example.com/all'), ['chat', 'responses', 'anthropic']);
    expect(endpoints).toEqual({
      chat: 'https://gw.example.com/all/v1/chat/completions',
      responses: 'https://gw.example.com/all/v1/responses',
      anthropic: 'https://gw.example.com/all/v1/messages',
      models: 'https://gw.example.com/all/v1/models',
    });
  });

  it('shows the final endpoint URLs', () => {
    expect(providerEndpoints({ baseUrl: 'https://g.io/v1', anthropicUrl: 'https://g.io' }, ['chat', 'responses', 'anthropic'])).toEqual({
      chat: 'https://g.io/v1/chat/completions',
      responses: 'https://g.io/v1/responses',
      anthropic: 'https://g.io/v1/messages',
      models: 'https://g.io/v1/models',
    });
  });

  it('gives no endpoint for a protocol the provider does not speak', () => {
    expect(providerEndpoints({ baseUrl: 'https://g.io/v1', anthropicUrl: 'https://g.io' }, ['chat'])).toEqual({ chat: 'https://g.io/v1/chat/completions', models: 'https://g.io/v1/models' });
  });
});

describe('gateway site root', () => {
  it('is the API base without /v1 or a pasted endpoint, for console and pricing calls', () => {
    expect(gatewaySiteRoot('https://gw.example.com/v1', 'password')).toBe('https://gw.example.com');
    expect(gatewaySiteRoot('gw.example.com', 'password')).toBe('https://gw.example.com');
    expect(gatewaySiteRoot('https://gw.example.com/relay/v1/chat/completions', 'password')).toBe('https://gw.example.com/relay');
    expect(() => gatewaySiteRoot('ftp://gw.example.com', 'password')).toThrow(/must start with https:\/\/ or http:\/\//);
  });

  it('refuses an address that is not a URL with a site root to copy, not an API base ending in /v1', () => {
    for (const typed of ['not a url at all', 'https://nodot']) {
      expect(() => gatewaySiteRoot(typed, 'password')).toThrow(new RegExp(`^The gateway's address "${typed}" (is not a valid URL|has no valid host name); use its site root, where its console opens, e\\.g\\. https://gw\\.example\\.com\\.$`));
    }
    // A provider's API base still gets one ending in /v1.
    expect(() => normaliseProviderUrls('https://nodot')).toThrow(/e\.g\. https:\/\/api\.example\.com\/v1\.$/);
  });
});
