/**
 * Embeddings and image generation go along the route like generation calls: the next provider
 * answers when the first is down, out of credit or failing; a provider whose breaker is open is
 * skipped; a request the gateway refuses as the caller's fault is answered, not retried; the
 * caller's identity reaches every gateway tried; the ledger names the provider that answered.
 * The caller is the official openai client.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { maskSecret } from '../../../shared/mask';
import { breakerOf, IDENTITY, ledgerRowOf, refusal, ROUTE, sentTo, startBench, type Bench } from './sideEndpointBench';

const EMBEDDINGS = '/v1/embeddings';
const IMAGES = '/v1/images/generations';

async function embed(b: Bench, input: string | string[] = 'index this paragraph') {
  const { data, response } = await b.openai.embeddings.create({ model: 'text-embedding-3-small', input }).withResponse();
  return { data, provider: response.headers.get('x-switchboard-provider'), model: response.headers.get('x-switchboard-model'), requestId: response.headers.get('x-request-id') };
}

describe('embeddings and images along the route, with the openai client', () => {
  let b: Bench;
  beforeAll(async () => {
    b = await startBench({ breakerThreshold: 1000 });
  });
  afterAll(() => b.close());
  beforeEach(async () => {
    b.flaky.clearScripts();
    b.steady.clearScripts();
    await b.sb.app.handlers['routes.set']({ client: 'chat', hops: ROUTE });
  });

  it('embeddings: a first hop answering 500 fails over to the second, which is asked for its own model, with the caller identity', async () => {
    const removeFault = b.flaky.override({ path: EMBEDDINGS }, { kind: 'error', status: 500, message: 'embedding backend exploded' });
    try {
      const [flakyBefore, steadyBefore] = [sentTo(b.flaky, EMBEDDINGS).length, sentTo(b.steady, EMBEDDINGS).length];
      const r = await embed(b, ['first text', 'second text']);
      expect(r.provider).toBe('steady');
      expect(r.model).toBe('steady-embed');
      expect(r.data.data).toHaveLength(2);
      expect(r.data.data[0].embedding.length).toBeGreaterThan(0);

      const [atFlaky] = sentTo(b.flaky, EMBEDDINGS).slice(flakyBefore);
      const [atSteady] = sentTo(b.steady, EMBEDDINGS).slice(steadyBefore);
      expect(atFlaky.body).toMatchObject({ model: 'flaky-embed' });
      expect(atSteady.body).toMatchObject({ model: 'steady-embed' });
      const token = b.sb.app.tokens.ensure('chat');
      for (const [sent, key] of [[atFlaky, b.flaky.apiKey], [atSteady, b.steady.apiKey]] as const) {
        expect(sent.headers).toMatchObject({ ...IDENTITY, 'x-stainless-lang': 'js', authorization: `Bearer ${key}` });
        expect(String(sent.headers['user-agent'])).toMatch(/^OpenAI\/JS /);
        expect(JSON.stringify(sent.headers)).not.toContain(token);
      }

      const row = await ledgerRowOf(b, r.requestId);
      expect(row).toMatchObject({
        provider: 'steady',
        servedModel: 'steady-embed',
        requestedModel: 'text-embedding-3-small',
        status: 200,
        attempts: 2,
        failedProviders: ['flaky'],
        errorClass: null,
        inputTokens: r.data.usage.prompt_tokens,
        outputTokens: 0,
        estimated: false,
      });
      expect(r.data.usage.prompt_tokens).toBeGreaterThan(0);
      expect((await breakerOf(b, 'flaky'))?.lastError).toMatch(/embedding backend exploded/);
    } finally {
      removeFault();
    }
  });

  it('embeddings: a first hop out of credit (429 insufficient quota) fails over', async () => {
    b.flaky.override({ path: EMBEDDINGS }, { kind: 'error', status: 429, message: 'insufficient_user_quota: your balance is exhausted' }, { times: 1 });
    const r = await embed(b);
    expect(r.provider).toBe('steady');
    expect(await ledgerRowOf(b, r.requestId)).toMatchObject({ provider: 'steady', attempts: 2, failedProviders: ['flaky'], status: 200 });
  });

  it('embeddings: an unreachable first gateway fails over', async () => {
    await b.flaky.setOffline(true);
    try {
      const r = await embed(b);
      expect(r.provider).toBe('steady');
      expect(await ledgerRowOf(b, r.requestId)).toMatchObject({ provider: 'steady', attempts: 2, failedProviders: ['flaky'] });
    } finally {
      await b.flaky.setOffline(false);
    }
  });

  it('images: a first hop that resets the connection fails over, and the ledger keeps the image tokens it reported', async () => {
    b.flaky.override({ path: IMAGES }, { kind: 'refuse' }, { times: 1 });
    const steadyBefore = sentTo(b.steady, IMAGES).length;
    const { data, response } = await b.openai.images.generate({ model: 'gpt-image-1', prompt: 'a lighthouse at dusk, oil on canvas' }).withResponse();
    expect(response.headers.get('x-switchboard-provider')).toBe('steady');
    expect(data.data?.[0].b64_json).toBeTruthy();
    const [atSteady] = sentTo(b.steady, IMAGES).slice(steadyBefore);
    expect(atSteady.headers).toMatchObject(IDENTITY);
    expect(data.usage?.input_tokens).toBeGreaterThan(0);
    const row = await ledgerRowOf(b, response.headers.get('x-request-id'));
    expect(row).toMatchObject({
      provider: 'steady',
      servedModel: 'gpt-image-1',
      status: 200,
      attempts: 2,
      failedProviders: ['flaky'],
      inputTokens: data.usage?.input_tokens,
      outputTokens: data.usage?.output_tokens,
      estimated: false,
    });
  });

  it('images: a model that reports no usage is estimated from the prompt', async () => {
    const prompt = 'a red bicycle leaning on a blue wall in the rain';
    const { response } = await b.openai.images.generate({ model: 'dall-e-3', prompt }).withResponse();
    expect(response.headers.get('x-switchboard-provider')).toBe('flaky');
    const row = await ledgerRowOf(b, response.headers.get('x-request-id'));
    expect(row).toMatchObject({ provider: 'flaky', attempts: 1, estimated: true, inputTokens: Math.ceil(prompt.length / 4) });
  });

  it('a 400 (the caller\'s fault) is answered as it is, not tried at the next provider, and does not count against the first', async () => {
    b.flaky.override({ path: EMBEDDINGS }, { kind: 'error', status: 400, message: "'input' is too long: 9000 tokens, the model takes 8191" }, { times: 1 });
    const steadyBefore = sentTo(b.steady, EMBEDDINGS).length;
    const r = await refusal(embed(b));
    expect(r.status).toBe(400);
    expect(r.message).toContain("'input' is too long");
    expect(sentTo(b.steady, EMBEDDINGS).length).toBe(steadyBefore);
    expect(await ledgerRowOf(b, r.requestId)).toMatchObject({ provider: 'flaky', status: 400, attempts: 1, failedProviders: ['flaky'], errorClass: 'request' });
    expect(await breakerOf(b, 'flaky')).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('every hop failing: one answer naming both, with each gateway\'s key masked, in the reply and the ledger', async () => {
    b.flaky.override({ path: EMBEDDINGS }, { kind: 'error', status: 503, message: `upstream busy for key ${b.flaky.apiKey}` }, { times: 1 });
    b.steady.override({ path: EMBEDDINGS }, { kind: 'error', status: 502, message: `bad gateway for key ${b.steady.apiKey}` }, { times: 1 });
    const r = await refusal(embed(b));
    expect(r.status).toBe(502);
    const row = await ledgerRowOf(b, r.requestId);
    expect(row).toMatchObject({ provider: 'steady', status: 502, attempts: 2, failedProviders: ['flaky', 'steady'], errorClass: 'server' });
    for (const text of [r.message, row.errorMessage ?? '']) {
      expect(text).toContain(`upstream busy for key ${maskSecret(b.flaky.apiKey)}`);
      expect(text).toContain(`bad gateway for key ${maskSecret(b.steady.apiKey)}`);
      expect(text).not.toContain(b.flaky.apiKey);
      expect(text).not.toContain(b.steady.apiKey);
    }
  });

  it('a hop that speaks only Anthropic is passed over; a route with no OpenAI hop says so', async () => {
    await b.sb.app.handlers['routes.set']({ client: 'chat', providers: ['flaky-claude', 'steady'] });
    const flakyBefore = sentTo(b.flaky, EMBEDDINGS).length;
    const r = await embed(b);
    expect(r.provider).toBe('steady');
    expect(sentTo(b.flaky, EMBEDDINGS).length).toBe(flakyBefore);
    expect(await ledgerRowOf(b, r.requestId)).toMatchObject({ provider: 'steady', attempts: 1, failedProviders: [] });

    await b.sb.app.handlers['routes.set']({ client: 'chat', providers: ['flaky-claude'] });
    const none = await refusal(embed(b));
    expect(none.status).toBe(503);
    expect(none.message).toMatch(/needs a provider that speaks the OpenAI protocol.*flaky-claude/);
    expect(await ledgerRowOf(b, none.requestId)).toMatchObject({ status: 503, errorClass: 'no_provider', attempts: 0 });
    expect(sentTo(b.flaky, EMBEDDINGS).length).toBe(flakyBefore);
  });
});

describe('embeddings and the circuit breaker', () => {
  let b: Bench;
  beforeAll(async () => {
    b = await startBench({ breakerThreshold: 1, breakerCoolDownMs: 60_000 });
  });
  afterAll(() => b.close());

  it('a failed embeddings call opens the first hop\'s breaker; the next call skips that hop without asking it', async () => {
    b.flaky.override({ path: EMBEDDINGS }, { kind: 'error', status: 500, message: 'embedding backend exploded' }, { times: 1 });
    const first = await embed(b);
    expect(first.provider).toBe('steady');
    expect(await breakerOf(b, 'flaky')).toMatchObject({ state: 'open', consecutiveFailures: 1 });

    const flakyBefore = sentTo(b.flaky, EMBEDDINGS).length;
    const second = await embed(b);
    expect(second.provider).toBe('steady');
    expect(sentTo(b.flaky, EMBEDDINGS).length).toBe(flakyBefore);
    expect(await ledgerRowOf(b, second.requestId)).toMatchObject({ provider: 'steady', attempts: 1, failedProviders: [] });
    const img = await b.openai.images.generate({ model: 'gpt-image-1', prompt: 'a kite' }).withResponse();
    expect(img.response.headers.get('x-switchboard-provider')).toBe('steady');
    expect(sentTo(b.flaky, IMAGES)).toHaveLength(0);
  });
});
