import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxyHarness, type ProxyHarness } from '../../helpers/proxyHarness';
import { rawRequest, type RawReply } from '../../helpers/rawHttp';

function send(h: ProxyHarness, path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<RawReply> {
  return rawRequest(h.running.server.port, path, { ...options, method: options.method ?? 'POST' });
}

const json = (token: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json', ...extra });

describe('proxy endpoints and guards', () => {
  let h: ProxyHarness;
  beforeAll(async () => {
    h = await startProxyHarness({ protocols: ['chat', 'anthropic'] });
  });
  afterAll(() => h.close());

  it('answers HEAD / and GET / without a token (Claude Code probes them)', async () => {
    expect((await send(h, '/', { method: 'HEAD' })).status).toBe(200);
    expect((await send(h, '/', { method: 'GET' })).status).toBe(200);
  });

  it.each([
    ['/v1/messages', { type: 'error', error: { type: 'authentication_error' } }],
    ['/v1/chat/completions', { error: { type: 'authentication_error' } }],
    ['/v1/responses', { error: { type: 'authentication_error' } }],
  ])('%s without a token is a 401 in the caller protocol', async (path, shape) => {
    const r = await send(h, path, { headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toMatchObject(shape);
    const wrong = await send(h, path, { headers: json('sb-not-a-real-token'), body: '{}' });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body)).toMatchObject(shape);
    expect(wrong.body).toMatch(/not valid/);
  });

  it('accepts the token as x-api-key (Anthropic SDK style)', async () => {
    const r = await send(h, '/v1/messages', {
      headers: { 'x-api-key': h.token('claude'), 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).type).toBe('message');
    expect(r.headers['x-switchboard-provider']).toBe('gw');
    expect(r.headers['x-request-id']).toMatch(/^sb_/);
  });

  it('refuses a non-loopback Host header', async () => {
    const r = await send(h, '/v1/chat/completions', { headers: { ...json(h.token('chat')), host: 'attacker.example.com' }, body: '{}' });
    expect(r.status).toBe(421);
  });

  it('answers CORS preflights for allowed origins, with Private Network Access', async () => {
    const ok = await send(h, '/v1/chat/completions', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-private-network': 'true' },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(ok.headers['access-control-allow-private-network']).toBe('true');
    const bad = await send(h, '/v1/chat/completions', { method: 'OPTIONS', headers: { origin: 'https://evil.example.com' } });
    expect(bad.status).toBe(403);
    expect(bad.headers['access-control-allow-origin']).toBeUndefined();
    const badPost = await send(h, '/v1/chat/completions', { headers: { ...json(h.token('chat')), origin: 'https://evil.example.com' }, body: '{}' });
    expect(badPost.status).toBe(403);
    expect(JSON.parse(badPost.body).error.message).toMatch(/not allowed/);
  });

  it('malformed JSON, a wrong content type and an oversized body get clear errors in the caller protocol', async () => {
    const garbage = await send(h, '/v1/messages', { headers: json(h.token('claude')), body: '{"model": ' });
    expect(garbage.status).toBe(400);
    expect(JSON.parse(garbage.body)).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(/not valid JSON/) } });

    const text = await send(h, '/v1/chat/completions', { headers: { authorization: `Bearer ${h.token('chat')}`, 'content-type': 'text/plain' }, body: 'hello' });
    expect(text.status).toBe(415);
    expect(JSON.parse(text.body).error.message).toMatch(/must be JSON/);

    const huge = await send(h, '/v1/chat/completions', { headers: json(h.token('chat')), body: Buffer.alloc(33 * 1024 * 1024, 0x20) });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body).error.message).toMatch(/larger than/);

    // the server keeps serving after all of that
    const ok = await send(h, '/v1/chat/completions', { headers: json(h.token('chat')), body: JSON.stringify({ model: 'gpt-5.4', messages: [{ role: 'user', content: 'still there?' }] }) });
    expect(ok.status).toBe(200);
  });

  it('lists models in the OpenAI shape, or the Anthropic shape when anthropic-version is sent', async () => {
    await h.running.app.handlers['providers.update']({ name: 'gw', models: ['gpt-5.4', 'claude-sonnet-4-5'] });
    const openai = await send(h, '/v1/models', { method: 'GET', headers: { authorization: `Bearer ${h.token('chat')}` } });
    expect(JSON.parse(openai.body)).toMatchObject({ object: 'list', data: [{ id: 'claude-sonnet-4-5', object: 'model' }, { id: 'gpt-5.4', object: 'model' }] });
    const anthropic = await send(h, '/v1/models', { method: 'GET', headers: { 'x-api-key': h.token('claude'), 'anthropic-version': '2023-06-01' } });
    expect(JSON.parse(anthropic.body)).toMatchObject({ data: [{ type: 'model', id: 'claude-sonnet-4-5' }, { type: 'model', id: 'gpt-5.4' }], has_more: false });
  });

  it('forwards count_tokens to a gateway that has it', async () => {
    const r = await send(h, '/v1/messages/count_tokens', {
      headers: json(h.token('claude'), { 'anthropic-version': '2023-06-01' }),
      body: JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'count me please' }] }),
    });
    expect(r.status).toBe(200);
    expect(r.headers['x-switchboard-estimated']).toBeUndefined();
    expect(JSON.parse(r.body).input_tokens).toBeGreaterThan(0);
    expect(h.gateway.requests.some((q) => q.path.startsWith('/v1/messages/count_tokens'))).toBe(true);
  });

  it('answers Claude Code telemetry posts quietly', async () => {
    const r = await send(h, '/api/event_logging/batch', { headers: { 'content-type': 'application/json' }, body: '{"events":[]}' });
    expect(r.status).toBe(204);
  });

  it('keeps the upstream status and the gateway message for errors', async () => {
    h.gateway.script({ kind: 'error', status: 429, message: 'Rate limit reached for gpt-5.4' });
    const r = await send(h, '/v1/messages', {
      headers: json(h.token('claude'), { 'anthropic-version': '2023-06-01' }),
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(r.status).toBe(429);
    expect(JSON.parse(r.body)).toMatchObject({ type: 'error', error: { message: expect.stringContaining('Rate limit reached') } });
  });

  it('an HTML page or garbage from the gateway becomes a clear error, and the server keeps serving', async () => {
    h.gateway.script({ kind: 'html', status: 200, title: 'Just a moment...' });
    const html = await send(h, '/v1/chat/completions', { headers: json(h.token('chat')), body: JSON.stringify({ model: 'gpt-5.4', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(html.status).toBe(502);
    expect(JSON.parse(html.body).error.message).toMatch(/HTML page/);
    h.gateway.script({ kind: 'garbage', body: 'data: {not json\n\n' });
    const garbage = await send(h, '/v1/chat/completions', { headers: json(h.token('chat')), body: JSON.stringify({ model: 'gpt-5.4', stream: true, messages: [{ role: 'user', content: 'hi' }] }) });
    expect(garbage.status).toBe(502);
    expect(JSON.parse(garbage.body)).toMatchObject({ error: { message: expect.stringMatching(/^gw: .*not JSON/) } });
    const ok = await send(h, '/v1/chat/completions', { headers: json(h.token('chat')), body: JSON.stringify({ model: 'gpt-5.4', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(ok.status).toBe(200);
  });

  it('passes embeddings and image generation through to the provider', async () => {
    const emb = await send(h, '/v1/embeddings', { headers: json(h.token('chat')), body: JSON.stringify({ model: 'text-embedding-3-small', input: 'hello' }) });
    expect(emb.status).toBe(200);
    expect(JSON.parse(emb.body).data[0].embedding.length).toBeGreaterThan(0);
    const img = await send(h, '/v1/images/generations', { headers: json(h.token('chat')), body: JSON.stringify({ model: 'gpt-image-1', prompt: 'a cat' }) });
    expect(img.status).toBe(200);
    expect(JSON.parse(img.body).data.length).toBeGreaterThan(0);
  });

  describe('stream faults', () => {
    const claudeStream = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const chatStream = JSON.stringify({ model: 'gpt-5.4', stream: true, messages: [{ role: 'user', content: 'hi' }] });

    it.each([
      ['/v1/messages', 'claude', claudeStream],
      ['/v1/chat/completions', 'chat', chatStream],
    ] as const)('%s: a gateway that drops after the preamble gives a plain error, not a half-started stream', async (path, client, body) => {
      h.gateway.script({ kind: 'drop_after_preamble' });
      const r = await send(h, path, { headers: json(h.token(client), { 'anthropic-version': '2023-06-01' }), body });
      expect(r.status).toBe(502);
      expect(r.headers['content-type']).toMatch(/json/);
      expect(JSON.parse(r.body)).toMatchObject(client === 'claude' ? { type: 'error', error: { type: 'api_error' } } : { error: { type: 'server_error' } });
    });

    it('an error mid-stream reaches an Anthropic caller as an in-stream error event after the content it already has', async () => {
      h.gateway.script({ kind: 'error_mid_stream', text: 'one two three four five six', afterChunks: 2, message: 'upstream overloaded' });
      const r = await send(h, '/v1/messages', { headers: json(h.token('claude'), { 'anthropic-version': '2023-06-01' }), body: claudeStream });
      expect(r.status).toBe(200);
      expect(r.body).toMatch(/event: content_block_delta/);
      expect(r.body).toMatch(/event: error\ndata: \{"type":"error","error":\{"type":"[a-z_]+","message":"[^"]*upstream overloaded/);
      expect(r.body).not.toMatch(/event: message_stop/);
    });

    it('a stream cut off mid-way (converted Chat caller from an Anthropic-speaking hop) ends with an error chunk, not [DONE] alone', async () => {
      h.gateway.script({ kind: 'drop_mid_stream', text: 'alpha beta gamma delta', afterChunks: 2 });
      const r = await send(h, '/v1/chat/completions', { headers: json(h.token('chat')), body: chatStream });
      expect(r.status).toBe(200);
      expect(r.body).toMatch(/"content":"/);
      expect(r.body).toMatch(/"error":\{/);
    });
  });
});
