import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHeadless } from '../../../electron/headless';
import { startGateway, type Gateway, type Script } from '../../fixtures/gateway';
import { freePort } from '../../helpers/freePort';
import { skippingClock } from '../../helpers/skippingClock';
import { makeTempEnv, type TempEnv } from '../../helpers/tempEnv';
import type { ChannelOutput } from '../../../shared/contract';

type Running = Awaited<ReturnType<typeof startHeadless>>;
type LedgerRow = ChannelOutput<'usage.calls'>['rows'][number];

/** Two gateways behind one Switchboard: "flaky" first in the chat route, "steady" behind it. */
interface Bench {
  t: TempEnv;
  flaky: Gateway;
  steady: Gateway;
  sb: Running;
  token: string;
  clock: ReturnType<typeof skippingClock>;
  close(): Promise<void>;
}

async function startBench(settings: Record<string, number> = {}): Promise<Bench> {
  const t = makeTempEnv();
  const flaky = await startGateway({ protocols: ['chat', 'anthropic'], acceptAnyModel: true });
  const steady = await startGateway({ protocols: ['chat'], acceptAnyModel: true });
  const clock = skippingClock();
  const sb = await startHeadless({ env: t.env, port: await freePort(), now: clock.now });
  const h = sb.app.handlers;
  await h['settings.set']({ firstByteTimeoutMs: 1500, responseTimeoutMs: 2500, retryAfterCapMs: 3000, breakerThreshold: 1000, ...settings });
  await h['providers.add']({ name: 'flaky', baseUrl: flaky.url, key: flaky.apiKey, protocols: ['chat', 'anthropic'] });
  await h['providers.add']({ name: 'steady', baseUrl: steady.url, key: steady.apiKey, protocols: ['chat'] });
  await h['routes.set']({ client: 'chat', providers: ['flaky', 'steady'] });
  return {
    t,
    flaky,
    steady,
    sb,
    token: sb.app.tokens.ensure('chat'),
    clock,
    async close() {
      await sb.close();
      await flaky.close();
      await steady.close();
      t.cleanup();
    },
  };
}

async function chat(b: Bench, body: Record<string, unknown>) {
  const res = await fetch(`${b.sb.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'hello there' }], ...body }),
  });
  return { status: res.status, provider: res.headers.get('x-switchboard-provider'), requestId: res.headers.get('x-request-id'), text: await res.text() };
}

/** The text a Chat stream carried, and whether it carried an error event. */
function readChatStream(text: string): { content: string; error: string | null; done: boolean } {
  let content = '';
  let error: string | null = null;
  let done = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith('data: ')) continue;
    const data = line.slice(6);
    if (data === '[DONE]') {
      done = true;
      continue;
    }
    const chunk = JSON.parse(data) as { error?: { message: string }; choices?: { delta?: { content?: string } }[] };
    if (chunk.error) error = chunk.error.message;
    content += chunk.choices?.[0]?.delta?.content ?? '';
  }
  return { content, error, done };
}

/** Claude Code's streamed "hi" through the Anthropic SDK: the text it got, and the error the stream ended with (null when none). */
async function streamAsClaude(b: Bench): Promise<{ text: string; failure: Error | null }> {
  const client = new Anthropic({ baseURL: b.sb.url, apiKey: b.sb.app.tokens.ensure('claude'), maxRetries: 0 });
  const stream = client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
  let text = '';
  stream.on('text', (delta) => (text += delta));
  const failure = await stream.finalMessage().then(() => null, (err: unknown) => err as Error);
  return { text, failure };
}

const relayCalls = (g: Gateway) => g.requests.filter((q) => q.path.endsWith('/chat/completions')).length;

async function ledgerRowFor(b: Bench, requestId: string | null): Promise<LedgerRow[]> {
  const { rows } = await b.sb.app.handlers['usage.calls']({ since: '1h', limit: 1000, offset: 0, outcome: 'all' });
  return rows.filter((r) => r.requestId === requestId);
}

describe('failover before the first byte, with real sockets', () => {
  let b: Bench;
  beforeAll(async () => {
    b = await startBench();
  });
  afterAll(() => b.close());
  beforeEach(() => {
    b.flaky.clearScripts();
    b.steady.clearScripts();
  });

  const cases: { name: string; fault: Script; stream: boolean }[] = [
    { name: 'connection reset before any byte', fault: { kind: 'refuse' }, stream: false },
    { name: 'reset after a partial answer', fault: { kind: 'reset' }, stream: false },
    { name: 'a stream that hangs past the first-byte timeout', fault: { kind: 'hang' }, stream: true },
    { name: 'a non-streamed call that hangs past the answer timeout', fault: { kind: 'hang' }, stream: false },
    { name: 'HTTP 500', fault: { kind: 'error', status: 500, message: 'upstream exploded' }, stream: false },
    { name: "HTTP 529, Anthropic's overloaded", fault: { kind: 'error', status: 529, body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } }, stream: true },
    { name: 'HTTP 503 with an nginx HTML page', fault: { kind: 'error', status: 503, body: '<html><head><title>503 Service Temporarily Unavailable</title></head><body>nginx</body></html>', headers: { 'content-type': 'text/html' } }, stream: false },
    { name: 'HTTP 401 (the key is set aside)', fault: { kind: 'error', status: 401, message: 'invalid token' }, stream: true },
    { name: 'a garbage 200 body', fault: { kind: 'garbage' }, stream: false },
    { name: 'an HTML page', fault: { kind: 'html', status: 200, title: 'Just a moment...' }, stream: false },
    { name: 'a drop right after the stream preamble', fault: { kind: 'drop_after_preamble' }, stream: true },
    { name: 'a stream whose preamble came, then nothing within the first-byte timeout', fault: { kind: 'text', text: 'too late', chunkDelayMs: 2500 }, stream: true },
  ];

  for (const { name, fault, stream } of cases) {
    it(`${name}: the next provider answers, one ledger row with two attempts`, async () => {
      b.flaky.script(fault);
      b.steady.script({ kind: 'text', text: 'steady answer' });
      const r = await chat(b, { stream });
      expect(r.status).toBe(200);
      expect(r.provider).toBe('steady');
      expect(stream ? readChatStream(r.text).content : JSON.parse(r.text).choices[0].message.content).toBe('steady answer');
      const rows = await ledgerRowFor(b, r.requestId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ provider: 'steady', status: 200, attempts: 2, failedProviders: ['flaky'], errorClass: null });
    });
  }

  it('an unreachable gateway (port refusing connections) fails over', async () => {
    await b.flaky.setOffline(true);
    try {
      const r = await chat(b, {});
      expect(r.provider).toBe('steady');
      expect((await ledgerRowFor(b, r.requestId))[0]).toMatchObject({ attempts: 2, failedProviders: ['flaky'] });
    } finally {
      await b.flaky.setOffline(false);
    }
  });

  it('a non-streamed answer slower than the first-byte timeout is still waited for (gateways send it whole)', async () => {
    b.flaky.script({ kind: 'text', text: 'slow but fine', delayMs: 2000 });
    const r = await chat(b, {});
    expect(r.provider).toBe('flaky');
    expect((await ledgerRowFor(b, r.requestId))[0]).toMatchObject({ attempts: 1, failedProviders: [] });
  });

  it('429 with Retry-After goes to the next provider at once rather than waiting', async () => {
    b.flaky.script({ kind: 'error', status: 429, message: 'slow down', retryAfter: 2 });
    const started = Date.now();
    const r = await chat(b, {});
    expect(r.provider).toBe('steady');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('400-class request errors are answered as they are, not retried', async () => {
    b.flaky.script({ kind: 'error', status: 400, message: 'messages: field required' });
    const steadyBefore = relayCalls(b.steady);
    const r = await chat(b, {});
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).error.message).toContain('messages: field required');
    expect(relayCalls(b.steady)).toBe(steadyBefore);
    expect((await ledgerRowFor(b, r.requestId))[0]).toMatchObject({ status: 400, attempts: 1, provider: 'flaky', failedProviders: ['flaky'], errorClass: 'request' });
  });

  it('a route rule makes an overload answered as 400 retryable', async () => {
    await b.sb.app.handlers['routes.set']({ client: 'chat', providers: ['flaky', 'steady'], retryPatterns: ['overloaded'], retryStatuses: [418] });
    try {
      b.flaky.script({ kind: 'error', status: 400, message: 'The engine is currently overloaded, please try later' });
      expect((await chat(b, {})).provider).toBe('steady');
      b.flaky.script({ kind: 'error', status: 418, message: 'teapot' });
      expect((await chat(b, {})).provider).toBe('steady');
    } finally {
      await b.sb.app.handlers['routes.set']({ client: 'chat', providers: ['flaky', 'steady'], retryPatterns: [], retryStatuses: [] });
    }
  });

  it('content already sent: an error event mid-stream reaches the caller in-stream and counts against the provider', async () => {
    b.flaky.script({ kind: 'error_mid_stream', text: 'one two three four five six', afterChunks: 2, message: 'upstream fell over' });
    const steadyBefore = relayCalls(b.steady);
    const r = await chat(b, { stream: true });
    expect(r.status).toBe(200);
    expect(r.provider).toBe('flaky');
    const s = readChatStream(r.text);
    expect(s.content.length).toBeGreaterThan(0);
    expect(s.error).toBe('flaky broke off its answer (it sent an error: upstream fell over); the answer is incomplete: ask again');
    expect(relayCalls(b.steady)).toBe(steadyBefore);
    const [row] = await ledgerRowFor(b, r.requestId);
    expect(row).toMatchObject({ provider: 'flaky', attempts: 1, status: 200, errorClass: 'stream_error' });
    expect(row.errorMessage).toBe(s.error);
    const breaker = (await b.sb.app.handlers['breakers.list']({})).find((x) => x.provider === 'flaky')!;
    expect(breaker.consecutiveFailures).toBeGreaterThan(0);
    expect(breaker.lastError).toMatch(/fell over/);
  });

  it('content already sent: a drop mid-stream ends in an in-stream error, not a fake success', async () => {
    b.flaky.script({ kind: 'drop_mid_stream', text: 'alpha beta gamma delta epsilon', afterChunks: 2 });
    const r = await chat(b, { stream: true });
    expect(r.provider).toBe('flaky');
    const s = readChatStream(r.text);
    expect(s.error).not.toBeNull();
    expect(s.done).toBe(false);
    expect(s.error).toMatch(/^flaky broke off its answer \(.+\); the answer is incomplete: ask again$/);
    const [row] = await ledgerRowFor(b, r.requestId);
    expect(row).toMatchObject({ provider: 'flaky', status: 200, errorClass: 'stream_broken' });
    expect(row.errorMessage).toBe(s.error);
    expect(row.failure).toMatchObject({ code: 'answer_incomplete', provider: 'flaky', mishap: { code: 'broke_off' } });
  });

  it("content already sent to Claude Code: a reset mid-stream reaches the Anthropic SDK as an error event naming the provider, and the row keeps the text's tokens", async () => {
    await b.sb.app.handlers['routes.set']({ client: 'claude', providers: ['flaky', 'steady'] });
    b.flaky.script({ kind: 'drop_mid_stream', text: 'alpha beta gamma delta epsilon', afterChunks: 2 });
    const { text, failure } = await streamAsClaude(b);
    expect(text.length).toBeGreaterThan(0);
    expect(failure?.message).toMatch(/flaky broke off its answer \(.+\); the answer is incomplete: ask again/);
    const [row] = (await b.sb.app.handlers['usage.calls']({ since: '1h', limit: 1, offset: 0, outcome: 'all', client: 'claude' })).rows;
    expect(row).toMatchObject({ provider: 'flaky', status: 200, attempts: 1, failedProviders: [], errorClass: 'stream_broken' });
    expect(row.errorMessage).toMatch(/^flaky broke off its answer/);
    expect(row.outputTokens).toBeGreaterThan(0);
  });

  describe("a gateway's own failure after content reached the caller names the provider, in the stream and the ledger", () => {
    const sentError = 'flaky broke off its answer (it sent an error: gateway overloaded); the answer is incomplete: ask again';
    const cutOff = 'flaky broke off its answer (it closed the stream before its last event); the answer is incomplete: ask again';
    const cases = [
      {
        fault: { kind: 'error_mid_stream', text: 'one two three four five six', afterChunks: 2, message: 'gateway overloaded' },
        said: sentError,
        errorClass: 'stream_error',
        failure: { code: 'answer_incomplete', provider: 'flaky', mishap: { code: 'sent_error', words: 'gateway overloaded' } },
      },
      {
        fault: { kind: 'end_mid_stream', text: 'one two three four five six', afterChunks: 2 },
        said: cutOff,
        errorClass: 'stream_truncated',
        failure: { code: 'answer_incomplete', provider: 'flaky', mishap: { code: 'closed_early' } },
      },
    ] as const;

    it.each(cases)('$fault.kind, passed through to the OpenAI SDK (Chat)', async ({ fault, said, errorClass, failure: worded }) => {
      b.flaky.script(fault);
      const client = new OpenAI({ baseURL: `${b.sb.url}/v1`, apiKey: b.token, maxRetries: 0 });
      let text = '';
      const read = async () => {
        const stream = await client.chat.completions.create({ model: 'gpt-test', stream: true, messages: [{ role: 'user', content: 'hi' }] });
        for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      };
      const failure = await read().then(() => null, (err: unknown) => err as Error);
      expect(text.length).toBeGreaterThan(0);
      expect(failure?.message).toBe(said);
      const [row] = (await b.sb.app.handlers['usage.calls']({ since: '1h', limit: 1, offset: 0, outcome: 'all', client: 'chat' })).rows;
      expect(row).toMatchObject({ provider: 'flaky', status: 200, attempts: 1, errorClass, errorMessage: said, failure: worded });
    });

    it.each(cases)('$fault.kind, passed through to the Anthropic SDK (Claude Code)', async ({ fault, said, errorClass, failure: worded }) => {
      await b.sb.app.handlers['routes.set']({ client: 'claude', providers: ['flaky', 'steady'] });
      b.flaky.script(fault);
      const { text, failure } = await streamAsClaude(b);
      expect(text.length).toBeGreaterThan(0);
      // The SDK words its message its own way (1.17 adds the path and type); the event's body is ours.
      expect(failure).toBeInstanceOf(Anthropic.APIError);
      expect((failure as InstanceType<typeof Anthropic.APIError>).error).toEqual({ type: 'error', error: { type: 'api_error', message: said } });
      const [row] = (await b.sb.app.handlers['usage.calls']({ since: '1h', limit: 1, offset: 0, outcome: 'all', client: 'claude' })).rows;
      expect(row).toMatchObject({ provider: 'flaky', protocolIn: 'anthropic', protocolOut: 'anthropic', status: 200, errorClass, errorMessage: said, failure: worded });
    });

    it.each(cases)('$fault.kind, converted from Chat for the OpenAI SDK (Codex, Responses)', async ({ fault, said, errorClass, failure: worded }) => {
      await b.sb.app.handlers['routes.set']({ client: 'codex', providers: ['flaky', 'steady'] });
      b.flaky.script(fault);
      const client = new OpenAI({ baseURL: `${b.sb.url}/v1`, apiKey: b.sb.app.tokens.ensure('codex'), maxRetries: 0 });
      const stream = await client.responses.create({ model: 'gpt-test', input: 'hi', stream: true });
      const events = [];
      for await (const ev of stream) events.push(ev);
      expect(events.some((ev) => ev.type === 'response.output_text.delta')).toBe(true);
      const failed = events.find((ev) => ev.type === 'response.failed') as OpenAI.Responses.ResponseFailedEvent;
      expect(failed.response.error?.message).toBe(said);
      const [row] = (await b.sb.app.handlers['usage.calls']({ since: '1h', limit: 1, offset: 0, outcome: 'all', client: 'codex' })).rows;
      expect(row).toMatchObject({ provider: 'flaky', protocolIn: 'responses', protocolOut: 'chat', status: 200, errorClass, errorMessage: said, failure: worded });
    });
  });

  it('Claude Code\'s protocol: a passthrough hop that drops after message_start fails over to a converted Chat hop, and the SDK parses it', async () => {
    await b.sb.app.handlers['routes.set']({ client: 'claude', providers: ['flaky', 'steady'] });
    b.flaky.script({ kind: 'drop_after_preamble' });
    b.steady.script({ kind: 'text', text: 'converted after failover' });
    const client = new Anthropic({ baseURL: b.sb.url, apiKey: b.sb.app.tokens.ensure('claude'), maxRetries: 0 });
    const stream = client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    const message = await stream.finalMessage();
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'converted after failover' })]);
    const rows = (await b.sb.app.handlers['usage.calls']({ since: '1h', limit: 1, offset: 0, outcome: 'all', client: 'claude' })).rows;
    expect(rows[0]).toMatchObject({ provider: 'steady', protocolIn: 'anthropic', protocolOut: 'chat', attempts: 2, failedProviders: ['flaky'] });
  });

  it('tokens come from the gateway usage, streamed (include_usage injected) and not', async () => {
    b.flaky.script({ kind: 'text', text: 'counted', usage: { promptTokens: 321, completionTokens: 12, cacheReadTokens: 21 } });
    const r = await chat(b, { stream: true });
    expect(r.provider).toBe('flaky');
    const sent = b.flaky.requests.filter((q) => q.path.endsWith('/chat/completions')).at(-1)!.body as { stream_options?: { include_usage?: boolean } };
    expect(sent.stream_options?.include_usage).toBe(true);
    expect((await ledgerRowFor(b, r.requestId))[0]).toMatchObject({ inputTokens: 300, cacheReadTokens: 21, outputTokens: 12, estimated: false });
  });

  it('a gateway that reports no usage gets estimated tokens, marked as estimated', async () => {
    b.flaky.script({ kind: 'text', text: 'x'.repeat(400), reportUsage: false });
    const r = await chat(b, {});
    const [row] = await ledgerRowFor(b, r.requestId);
    expect(row.estimated).toBe(true);
    expect(row.outputTokens).toBe(100);
    expect(row.inputTokens).toBeGreaterThan(0);
  });

  describe('no provider answers: one sentence that names what failed and what to do', () => {
    it('every key rejected: Claude Code is told not to retry, each gateway is asked once, and the sentence says how to fix the key', async () => {
      await b.sb.app.handlers['routes.set']({ client: 'claude', providers: ['flaky', 'steady'] });
      const rejected = { kind: 'error', status: 401, message: 'invalid token' } as const;
      b.flaky.script(rejected, rejected, rejected);
      b.steady.script(rejected, rejected, rejected);
      const before = { flaky: b.flaky.requests.length, steady: b.steady.requests.length };
      const client = new Anthropic({ baseURL: b.sb.url, apiKey: b.sb.app.tokens.ensure('claude'), maxRetries: 2 });
      const failure = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(Anthropic.AuthenticationError);
      const apiError = failure as InstanceType<typeof Anthropic.APIError>;
      expect(apiError.headers?.get('x-should-retry')).toBe('false');
      const sentence =
        'Every provider of this route failed: flaky and steady: invalid token — flaky and steady rejected their keys: set a working key with "switchboard provider edit flaky --key -".';
      expect(apiError.error).toEqual({ type: 'error', error: { type: 'authentication_error', message: sentence } });
      expect({ flaky: b.flaky.requests.length - before.flaky, steady: b.steady.requests.length - before.steady }).toEqual({ flaky: 1, steady: 1 });
      const [row] = (await b.sb.app.handlers['usage.calls']({ since: '1h', limit: 1, offset: 0, outcome: 'all', client: 'claude' })).rows;
      expect(row).toMatchObject({ status: 401, attempts: 2, failedProviders: ['flaky', 'steady'], errorClass: 'auth', errorMessage: sentence, inputTokens: 0, outputTokens: 0 });
      expect(row.failure).toEqual({
        code: 'route_failed',
        failures: [{ providers: ['flaky', 'steady'], mishap: { code: 'said', words: 'invalid token' } }],
        everyProvider: true,
        remedy: { code: 'fix_key', providers: ['flaky', 'steady'] },
      });
    });

    it('every gateway unreachable: the OpenAI SDK reads a 502 that names both and says to test them', async () => {
      await b.flaky.setOffline(true);
      await b.steady.setOffline(true);
      try {
        const client = new OpenAI({ apiKey: b.token, baseURL: `${b.sb.url}/v1`, maxRetries: 0 });
        const failure = await client.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
        expect(failure).toBeInstanceOf(OpenAI.APIError);
        const apiError = failure as InstanceType<typeof OpenAI.APIError>;
        expect(apiError.status).toBe(502);
        expect(apiError.headers?.get('x-should-retry')).toBeNull();
        expect(apiError.error).toMatchObject({
          message:
            'Every provider of this route failed: flaky and steady could not be reached (ECONNREFUSED) — check that flaky and steady are up and their base URL right with "switchboard provider test flaky".',
        });
        const [row] = await ledgerRowFor(b, apiError.headers?.get('x-request-id') ?? null);
        expect(row).toMatchObject({ status: 502, attempts: 2, failedProviders: ['flaky', 'steady'], errorClass: 'connection', errorMessage: (apiError.error as { message: string }).message });
        // Beside the English sentence, its code and figures, for the dashboard to word in its language.
        expect(row.failure).toEqual({
          code: 'route_failed',
          failures: [{ providers: ['flaky', 'steady'], mishap: { code: 'unreachable', reason: 'ECONNREFUSED' } }],
          everyProvider: true,
          remedy: { code: 'check_reachable', providers: ['flaky', 'steady'] },
        });
      } finally {
        await b.flaky.setOffline(false);
        await b.steady.setOffline(false);
      }
    });

    it('a reply cut off after its headers is said to have broken off, not to be unreachable', async () => {
      await b.sb.app.handlers['routes.set']({ client: 'chat', providers: ['flaky'] });
      try {
        b.flaky.script({ kind: 'reset' });
        const r = await chat(b, {});
        expect(r.status).toBe(502);
        expect(JSON.parse(r.text).error.message).toMatch(/^flaky broke off its answer \(.+\) — try again in a moment/);
      } finally {
        await b.sb.app.handlers['routes.set']({ client: 'chat', providers: ['flaky', 'steady'] });
      }
    });

    it("a gateway's error page that already says to try again later is not told to try again a second time", async () => {
      await b.sb.app.handlers['routes.set']({ client: 'chat', providers: ['flaky'] });
      try {
        b.flaky.script({ kind: 'html', status: 502, title: '502 Bad Gateway' });
        const client = new OpenAI({ apiKey: b.token, baseURL: `${b.sb.url}/v1`, maxRetries: 0 });
        const failure = await client.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
        const apiError = failure as InstanceType<typeof OpenAI.APIError>;
        expect(apiError.status).toBe(502);
        const sentence =
          'flaky: it answered with an HTML page ("502 Bad Gateway") instead of JSON: the gateway or a proxy in front of it is failing, try again later — or add another provider to this route ("switchboard provider test flaky" checks it).';
        expect(apiError.error).toMatchObject({ message: sentence });
        const [row] = await ledgerRowFor(b, apiError.headers?.get('x-request-id') ?? null);
        expect(row).toMatchObject({ status: 502, errorMessage: sentence });
        expect(row.failure).toEqual({
          code: 'route_failed',
          failures: [{ providers: ['flaky'], mishap: { code: 'error_page', title: '502 Bad Gateway', failing: true } }],
          everyProvider: false,
          remedy: { code: 'add_provider', provider: 'flaky', alreadySaid: true },
        });
      } finally {
        await b.sb.app.handlers['routes.set']({ client: 'chat', providers: ['flaky', 'steady'] });
      }
    });

    it('a rate limit whose message already says when to try again is not told to wait and try again twice', async () => {
      await b.sb.app.handlers['routes.set']({ client: 'chat', providers: ['flaky'] });
      try {
        b.flaky.script({ kind: 'error', status: 429, message: 'Rate limit reached for gpt-test. Please try again in 20s.', headers: { 'retry-after': '20' } });
        const r = await chat(b, {});
        expect(r.status).toBe(429);
        expect(JSON.parse(r.text).error.message).toBe('flaky: Rate limit reached for gpt-test. Please try again in 20s. Or add another provider to this route.');
      } finally {
        await b.sb.app.handlers['routes.set']({ client: 'chat', providers: ['flaky', 'steady'] });
      }
    });

    it('a rate limit with Retry-After as an HTTP date, past the wait cap: passed on in seconds, and the sentence says how long', async () => {
      await b.sb.app.handlers['routes.set']({ client: 'chat', providers: ['flaky'] });
      try {
        b.flaky.script({ kind: 'error', status: 429, message: 'slow down', headers: { 'retry-after': new Date(Date.now() + 40_000).toUTCString() } });
        const res = await fetch(`${b.sb.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] }),
        });
        expect(res.status).toBe(429);
        const seconds = Number(res.headers.get('retry-after'));
        expect(seconds).toBeGreaterThanOrEqual(38);
        expect(seconds).toBeLessThanOrEqual(40);
        expect((await res.json()).error.message).toBe(`flaky: slow down — wait ${seconds} s and try again, or add another provider to this route.`);
      } finally {
        await b.sb.app.handlers['routes.set']({ client: 'chat', providers: ['flaky', 'steady'] });
      }
    });
  });
});

describe('keys, limits and model rules', () => {
  let b: Bench;
  beforeAll(async () => {
    b = await startBench();
  });
  afterAll(() => b.close());

  it('a rejected key is set aside and the provider next key used', async () => {
    await b.sb.app.handlers['providers.update']({ name: 'flaky', key: 'sk-revoked-key-000000', extraKeys: [b.flaky.apiKey] });
    const first = await chat(b, {});
    expect(first.provider).toBe('flaky');
    expect((await ledgerRowFor(b, first.requestId))[0]).toMatchObject({ attempts: 2, failedProviders: [] });
    const sentKeys = b.flaky.requests.filter((q) => q.path.endsWith('/chat/completions')).map((q) => q.headers.authorization);
    expect(sentKeys.slice(-2)).toEqual(['Bearer sk-revoked-key-000000', `Bearer ${b.flaky.apiKey}`]);
    // Set aside: the next call starts with the working key.
    const second = await chat(b, {});
    expect((await ledgerRowFor(b, second.requestId))[0].attempts).toBe(1);
  });

  it('max_tokens above the provider limit for the model is clamped, not failed', async () => {
    await b.sb.app.handlers['providers.update']({ name: 'flaky', outputLimits: { 'gpt-test': 256 } });
    await chat(b, { max_tokens: 100_000 });
    const sent = b.flaky.requests.filter((q) => q.path.endsWith('/chat/completions')).at(-1)!.body as { max_tokens?: number };
    expect(sent.max_tokens).toBe(256);
  });

  it("a Responses call that names no output cap asks an Anthropic-only provider for the model's limit", async () => {
    const native = await startGateway({ protocols: ['anthropic'], acceptAnyModel: true });
    try {
      const h = b.sb.app.handlers;
      await h['providers.add']({ name: 'native', baseUrl: native.url, key: native.apiKey, protocols: ['anthropic'], outputLimits: { 'claude-test': 64_000 } });
      await h['routes.set']({ client: 'codex', providers: ['native'] });
      const res = await fetch(`${b.sb.url}/v1/responses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${b.sb.app.tokens.ensure('codex')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'claude-test', input: 'write the patch' }),
      });
      expect(res.status).toBe(200);
      expect((native.requests.filter((q) => q.path.endsWith('/messages')).at(-1)!.body as { max_tokens: number }).max_tokens).toBe(64_000);
    } finally {
      await native.close();
    }
  });

  it('per-hop model mapping, and strict model skips hops that would serve another model', async () => {
    const h = b.sb.app.handlers;
    await h['routes.set']({
      client: 'chat',
      hops: [
        { provider: 'flaky', models: { 'claude-sonnet-*': 'gpt-5.4' } },
        { provider: 'steady' },
      ],
    });
    const mapped = await fetch(`${b.sb.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(mapped.headers.get('x-switchboard-model')).toBe('gpt-5.4');
    expect((b.flaky.requests.at(-1)!.body as { model: string }).model).toBe('gpt-5.4');

    await h['routes.set']({ client: 'chat', hops: [{ provider: 'flaky', models: { 'claude-sonnet-*': 'gpt-5.4' } }, { provider: 'steady' }], strictModel: true });
    const strict = await fetch(`${b.sb.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(strict.headers.get('x-switchboard-provider')).toBe('steady');
    expect(strict.headers.get('x-switchboard-model')).toBe('claude-sonnet-4-5');
  });

  it('429 with a short Retry-After on the only provider is waited out once', async () => {
    await b.sb.app.handlers['routes.set']({ client: 'chat', providers: ['steady'], strictModel: false });
    b.steady.script({ kind: 'error', status: 429, message: 'rate limited', retryAfter: 1 }, { kind: 'text', text: 'after the wait' });
    const started = Date.now();
    const r = await chat(b, {});
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(JSON.parse(r.text).choices[0].message.content).toBe('after the wait');
    expect((await ledgerRowFor(b, r.requestId))[0]).toMatchObject({ attempts: 2, status: 200 });
  });
});

describe('exhausted credit', () => {
  let b: Bench;
  beforeAll(async () => {
    b = await startBench();
  });
  afterAll(() => b.close());

  it("is answered as OpenAI's insufficient_quota, not a rate limit, and marked not worth a retry", async () => {
    await b.sb.app.handlers['routes.set']({ client: 'chat', providers: ['steady'] });
    b.steady.script({ kind: 'error', status: 429, body: { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } } });
    const res = await fetch(`${b.sb.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('x-should-retry')).toBe('false');
    expect((await res.json()).error).toMatchObject({ type: 'insufficient_quota', code: 'insufficient_quota' });
  });

  it('reaches Claude Code as a billing error its SDK does not retry: one call to the gateway', async () => {
    await b.sb.app.handlers['routes.set']({ client: 'claude', providers: ['flaky'] });
    const quota = { kind: 'error', status: 429, body: { type: 'error', error: { type: 'rate_limit_error', message: 'insufficient_quota: your balance is exhausted' } } } as const;
    b.flaky.script(quota, quota, quota);
    const before = b.flaky.requests.filter((q) => q.path.endsWith('/messages')).length;
    const client = new Anthropic({ baseURL: b.sb.url, apiKey: b.sb.app.tokens.ensure('claude'), maxRetries: 2 });
    const failure = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    expect((failure as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'billing_error' } });
    expect(b.flaky.requests.filter((q) => q.path.endsWith('/messages')).length - before).toBe(1);
  });
});

describe('circuit breaker', () => {
  let b: Bench;
  beforeAll(async () => {
    b = await startBench({ breakerThreshold: 2, breakerCoolDownMs: 60_000 });
  });
  afterAll(() => b.close());

  const flakyBreaker = async () => (await b.sb.app.handlers['breakers.list']({})).find((x) => x.provider === 'flaky')!;

  it('opens after N failures, skips the provider, lets one probe through after the cool-down and closes', async () => {
    await b.flaky.setOffline(true);
    await chat(b, {});
    await chat(b, {});
    expect((await flakyBreaker()).state).toBe('open');
    const flakyCallsBefore = b.flaky.requests.length;
    const skipped = await chat(b, {});
    expect(skipped.provider).toBe('steady');
    expect((await ledgerRowFor(b, skipped.requestId))[0]).toMatchObject({ attempts: 1, failedProviders: [] });
    expect(b.flaky.requests.length).toBe(flakyCallsBefore);

    const status = await b.sb.app.handlers['routes.list']({});
    expect(status.find((r) => r.client === 'chat')!.hops[0].breaker).toBe('open');

    await b.flaky.setOffline(false);
    b.clock.skip(60_000);
    expect((await flakyBreaker()).state).toBe('half_open');
    const probe = await chat(b, {});
    expect(probe.provider).toBe('flaky');
    expect(await flakyBreaker()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('when every provider of the route is open, the call still goes to the one whose cool-down ends first', async () => {
    await b.sb.app.handlers['routes.set']({ client: 'chat', providers: ['flaky'] });
    await b.flaky.setOffline(true);
    await chat(b, {});
    await chat(b, {});
    expect((await flakyBreaker()).state).toBe('open');
    await b.flaky.setOffline(false);
    const r = await chat(b, {});
    expect(r.status).toBe(200);
    expect(r.provider).toBe('flaky');
  });
});

describe('a provider passed over while its breaker is open', () => {
  let b: Bench;
  beforeAll(async () => {
    // A cool-down far longer than the test, so the breaker is still open when the last call comes.
    b = await startBench({ breakerThreshold: 2, breakerCoolDownMs: 60_000 });
  });
  afterAll(() => b.close());

  it('is named in the sentence when the rest of the route fails too', async () => {
    await b.flaky.setOffline(true);
    await chat(b, {});
    await chat(b, {});
    expect((await b.sb.app.handlers['breakers.list']({})).find((x) => x.provider === 'flaky')!.state).toBe('open');
    await b.steady.setOffline(true);
    const r = await chat(b, {});
    expect(r.status).toBe(502);
    expect(JSON.parse(r.text).error.message).toMatch(
      /^Every provider of this route failed: flaky: not asked, resting another (59|60) s after repeated failures; steady could not be reached \(\w+\)/,
    );
  });
});

describe('200 simultaneous streamed calls across a failing and a healthy provider', () => {
  let b: Bench;
  beforeAll(async () => {
    b = await startBench({ breakerThreshold: 5, breakerCoolDownMs: 60_000 });
  });
  afterAll(() => b.close());

  it('lose no ledger rows and all succeed', async () => {
    await b.flaky.setOffline(true);
    const results = await Promise.all(Array.from({ length: 200 }, () => chat(b, { stream: true })));
    expect(results.every((r) => r.status === 200 && readChatStream(r.text).done)).toBe(true);
    const ids = new Set(results.map((r) => r.requestId));
    const { rows, total } = await b.sb.app.handlers['usage.calls']({ since: '1h', limit: 1000, offset: 0, outcome: 'all' });
    expect(total).toBe(200);
    expect(new Set(rows.map((r) => r.requestId))).toEqual(ids);
    expect(rows.every((r) => r.provider === 'steady')).toBe(true);
    const summary = await b.sb.app.handlers['usage.summary']({ since: '1h', by: 'provider' });
    expect(summary.totals.calls).toBe(200);
  }, 60_000);
});
