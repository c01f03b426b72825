import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHeadless } from '../../../electron/headless';
import { startGateway, type Gateway } from '../../fixtures/gateway';
import { freePort } from '../../helpers/freePort';
import { startProxyHarness, type ProxyHarness } from '../../helpers/proxyHarness';
import { rawRequest, type RawReply } from '../../helpers/rawHttp';
import { makeTempEnv, type TempEnv } from '../../helpers/tempEnv';

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

  it('records which endpoint each call went to: an embeddings call and a chat call are told apart in the ledger', async () => {
    const emb = await send(h, '/v1/embeddings', { headers: json(h.token('chat')), body: JSON.stringify({ model: 'text-embedding-3-small', input: 'hello' }) });
    expect(emb.status).toBe(200);
    const embRow = await h.lastRow();
    expect(embRow).toMatchObject({ requestId: emb.headers['x-request-id'], endpoint: 'embeddings' });
    const chat = await send(h, '/v1/chat/completions', { headers: json(h.token('chat')), body: JSON.stringify({ model: 'gpt-5.4', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(chat.status).toBe(200);
    // Both came in on the OpenAI side: the protocol alone would not tell them apart.
    expect(await h.lastRow()).toMatchObject({ requestId: chat.headers['x-request-id'], endpoint: 'chat', protocolIn: embRow.protocolIn });
    const messages = await send(h, '/v1/messages', {
      headers: json(h.token('claude'), { 'anthropic-version': '2023-06-01' }),
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(messages.status).toBe(200);
    expect(await h.lastRow()).toMatchObject({ requestId: messages.headers['x-request-id'], endpoint: 'messages' });

    const { rows } = await h.running.app.handlers['usage.calls']({ since: '1h', limit: 100, offset: 0, outcome: 'all', endpoint: 'embeddings' });
    expect(rows.map((r) => r.requestId)).toContain(emb.headers['x-request-id']);
    expect(rows.every((r) => r.endpoint === 'embeddings')).toBe(true);
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

describe('count_tokens along the route', () => {
  /** The hang test's timeouts; the others keep the default ones, so no gateway's answer races a short timeout. */
  const FIRST_BYTE_MS = 1000;
  const COUNT_PATH = '/v1/messages/count_tokens';
  let t: TempEnv;
  let first: Gateway;
  let second: Gateway;
  let sb: Awaited<ReturnType<typeof startHeadless>>;
  let removeFault: (() => void) | null = null;

  beforeAll(async () => {
    t = makeTempEnv();
    first = await startGateway({ protocols: ['anthropic'], acceptAnyModel: true });
    second = await startGateway({ protocols: ['anthropic'], acceptAnyModel: true });
    sb = await startHeadless({ env: t.env, port: await freePort() });
    const h = sb.app.handlers;
    await h['settings.set']({ breakerThreshold: 1, breakerCoolDownMs: 60_000 });
    await h['providers.add']({ name: 'first', baseUrl: first.url, key: first.apiKey, protocols: ['anthropic'] });
    await h['providers.add']({ name: 'second', baseUrl: second.url, key: second.apiKey, protocols: ['anthropic'] });
  });
  afterAll(async () => {
    await sb.close();
    await first.close();
    await second.close();
    t.cleanup();
  });
  beforeEach(() => {
    removeFault?.();
    removeFault = null;
  });

  /** A count_tokens call from Claude Code, given up on (failing the test) after a few seconds rather than waited out. */
  async function count(model = 'claude-sonnet-4-5') {
    const started = Date.now();
    const res = await fetch(`${sb.url}${COUNT_PATH}`, {
      method: 'POST',
      headers: { 'x-api-key': sb.app.tokens.ensure('claude'), 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'how many tokens is this?' }] }),
      signal: AbortSignal.timeout(5_000),
    });
    const body = (await res.json()) as { input_tokens: number };
    return { status: res.status, ms: Date.now() - started, provider: res.headers.get('x-switchboard-provider'), estimated: res.headers.get('x-switchboard-estimated'), body };
  }
  const counted = (g: Gateway) => g.requests.filter((q) => q.path === COUNT_PATH);

  it("asks for the hop's mapped model and answers with the gateway's count", async () => {
    await sb.app.handlers['routes.set']({ client: 'claude', hops: [{ provider: 'first', models: { 'claude-*': 'glm-4.6' } }, { provider: 'second' }] });
    const r = await count();
    expect(r).toMatchObject({ status: 200, provider: 'first', estimated: null });
    expect(r.body.input_tokens).toBeGreaterThan(0);
    expect((counted(first).at(-1)!.body as { model: string }).model).toBe('glm-4.6');
  });

  it('a first hop that hangs costs the first-byte timeout, then the second hop counts', async () => {
    await sb.app.handlers['routes.set']({ client: 'claude', providers: ['first', 'second'] });
    removeFault = first.override({ method: 'POST', path: COUNT_PATH }, { kind: 'hang' });
    const asked = counted(second).length;
    const before = await sb.app.handlers['settings.get']({});
    await sb.app.handlers['settings.set']({ firstByteTimeoutMs: FIRST_BYTE_MS, responseTimeoutMs: FIRST_BYTE_MS });
    const r = await count().finally(() => sb.app.handlers['settings.set']({ firstByteTimeoutMs: before.firstByteTimeoutMs, responseTimeoutMs: before.responseTimeoutMs }));
    expect(r).toMatchObject({ status: 200, provider: 'second', estimated: null });
    expect(r.ms).toBeGreaterThanOrEqual(FIRST_BYTE_MS - 50);
    expect(r.ms).toBeLessThan(FIRST_BYTE_MS * 2 + 1_000);
    expect(counted(second)).toHaveLength(asked + 1);
  });

  it('skips a hop whose breaker is open, and leaves its breaker as it was', async () => {
    await sb.app.handlers['routes.set']({ client: 'claude', providers: ['first', 'second'] });
    first.override({ method: 'POST', path: '/v1/messages' }, { kind: 'error', status: 500, message: 'down' }, { times: 1 });
    await fetch(`${sb.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': sb.app.tokens.ensure('claude'), 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    }).then((res) => res.text());
    const breakerOf = async (name: string) => (await sb.app.handlers['breakers.list']({})).find((b) => b.provider === name);
    expect(await breakerOf('first')).toMatchObject({ state: 'open' });

    const askedFirst = counted(first).length;
    const r = await count();
    expect(r).toMatchObject({ status: 200, provider: 'second', estimated: null });
    expect(counted(first)).toHaveLength(askedFirst);
    expect(await breakerOf('first')).toMatchObject({ state: 'open', consecutiveFailures: 1 });
  });

  it('estimates, and says so, when no hop can count', async () => {
    await sb.app.handlers['routes.set']({ client: 'claude', providers: ['second'] });
    removeFault = second.override({ method: 'POST', path: COUNT_PATH }, { kind: 'error', status: 404, message: 'Invalid URL (POST /v1/messages/count_tokens)' });
    const r = await count();
    expect(r).toMatchObject({ status: 200, provider: null, estimated: 'true' });
    expect(r.body.input_tokens).toBeGreaterThan(0);
  });
});
