import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHeadless } from '../../../electron/headless';
import { startGateway, type Gateway } from '../../fixtures/gateway';
import { freePort } from '../../helpers/freePort';
import { makeTempEnv, type TempEnv } from '../../helpers/tempEnv';

type Running = Awaited<ReturnType<typeof startHeadless>>;

const OPENAI_OVERFLOW = "This model's maximum context length is 128000 tokens. However, your messages resulted in 130532 tokens. Please reduce the length of the messages.";

/**
 * "small" (a model with a small context) first in every route, "big" behind it: an overflow at
 * "small" must reach the caller as its own protocol's overflow, and never go on to "big".
 */
interface Bench {
  t: TempEnv;
  small: Gateway;
  big: Gateway;
  sb: Running;
  close(): Promise<void>;
}

async function startBench(smallProtocols: ('chat' | 'anthropic' | 'responses')[]): Promise<Bench> {
  const t = makeTempEnv();
  const small = await startGateway({ protocols: smallProtocols, acceptAnyModel: true });
  const big = await startGateway({ protocols: ['chat', 'anthropic', 'responses'], acceptAnyModel: true });
  const sb = await startHeadless({ env: t.env, port: await freePort() });
  const h = sb.app.handlers;
  // One failure would open a breaker: an overflow must not be one.
  await h['settings.set']({ firstByteTimeoutMs: 3000, responseTimeoutMs: 3000, breakerThreshold: 1 });
  await h['providers.add']({ name: 'small', baseUrl: small.url, key: small.apiKey, protocols: smallProtocols });
  await h['providers.add']({ name: 'big', baseUrl: big.url, key: big.apiKey, protocols: ['chat', 'anthropic', 'responses'] });
  for (const client of ['claude', 'codex', 'chat'] as const) await h['routes.set']({ client, providers: ['small', 'big'] });
  return {
    t,
    small,
    big,
    sb,
    async close() {
      await sb.close();
      await small.close();
      await big.close();
      t.cleanup();
    },
  };
}

const relayCalls = (g: Gateway) => g.requests.filter((q) => /\/v1\/(chat\/completions|messages|responses)$/.test(q.path)).length;

async function expectNoFailoverNorBreaker(b: Bench, bigBefore: number): Promise<void> {
  expect(relayCalls(b.big)).toBe(bigBefore);
  const breaker = (await b.sb.app.handlers['breakers.list']({})).find((x) => x.provider === 'small');
  expect(breaker?.consecutiveFailures ?? 0).toBe(0);
  const { rows } = await b.sb.app.handlers['usage.calls']({ since: '1h', limit: 1, offset: 0, outcome: 'all' });
  expect(rows[0]).toMatchObject({ provider: 'small', status: 400, attempts: 1, errorClass: 'context_overflow' });
}

const openAiFor = (b: Bench, client: 'codex' | 'chat') => new OpenAI({ apiKey: b.sb.app.tokens.ensure(client), baseURL: `${b.sb.url}/v1`, maxRetries: 0 });

describe('a context overflow at a Chat gateway reaches each caller as its own overflow, with no failover', () => {
  let b: Bench;
  beforeAll(async () => {
    b = await startBench(['chat']);
  });
  afterAll(() => b.close());
  beforeEach(() => {
    b.small.clearScripts();
    b.small.script({ kind: 'error', status: 400, body: { error: { message: `${OPENAI_OVERFLOW} (key ${b.small.apiKey})`, type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } } });
  });

  it('Claude Code (Anthropic SDK): 400 invalid_request_error saying "prompt is too long: N tokens > M maximum", key masked', async () => {
    const bigBefore = relayCalls(b.big);
    const client = new Anthropic({ authToken: b.sb.app.tokens.ensure('claude'), apiKey: null, baseURL: b.sb.url, maxRetries: 0 });
    const err = await client.messages.create({ model: 'claude-test', max_tokens: 64, messages: [{ role: 'user', content: 'hello' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    const body = (err as InstanceType<typeof Anthropic.BadRequestError>).error as { error: { type: string; message: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/^prompt is too long: 130532 tokens > 128000 maximum \(small: /);
    expect(body.error.message).not.toContain(b.small.apiKey);
    await expectNoFailoverNorBreaker(b, bigBefore);
  });

  it('Codex (Responses stream, openai SDK): a 200 stream whose response.failed carries context_length_exceeded', async () => {
    const bigBefore = relayCalls(b.big);
    const stream = await openAiFor(b, 'codex').responses.create({ model: 'gpt-5-codex', input: 'hello', stream: true });
    const events = [];
    for await (const ev of stream) events.push(ev);
    expect(events.map((e) => e.type)).toEqual(['response.created', 'response.in_progress', 'response.failed']);
    const failed = events[2] as OpenAI.Responses.ResponseFailedEvent;
    expect(failed.response.error).toMatchObject({ code: 'context_length_exceeded' });
    expect(failed.response.error!.message).toContain('maximum context length is 128000 tokens');
    expect(failed.response.error!.message).not.toContain(b.small.apiKey);
    await expectNoFailoverNorBreaker(b, bigBefore);
  });

  it('a Responses call without a stream, and a Chat call: 400 with OpenAI code context_length_exceeded', async () => {
    for (const [client, call] of [
      ['codex', (c: OpenAI) => c.responses.create({ model: 'gpt-5-codex', input: 'hello' })],
      ['chat', (c: OpenAI) => c.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }], stream: true })],
    ] as const) {
      b.small.clearScripts();
      b.small.script({ kind: 'error', status: 400, message: OPENAI_OVERFLOW });
      const bigBefore = relayCalls(b.big);
      const err = await call(openAiFor(b, client)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.BadRequestError);
      expect(err).toMatchObject({ status: 400, code: 'context_length_exceeded', type: 'invalid_request_error' });
      await expectNoFailoverNorBreaker(b, bigBefore);
    }
  });
});

describe('an overflow said by other gateways', () => {
  let b: Bench;
  beforeAll(async () => {
    b = await startBench(['anthropic', 'responses']);
  });
  afterAll(() => b.close());
  beforeEach(() => b.small.clearScripts());

  it("an Anthropic gateway's 400 \"prompt is too long\" reaches a Chat caller as context_length_exceeded in OpenAI words", async () => {
    b.small.script({ kind: 'error', status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' } } });
    const bigBefore = relayCalls(b.big);
    const err = await openAiFor(b, 'chat').chat.completions.create({ model: 'claude-test', messages: [{ role: 'user', content: 'hello' }] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, code: 'context_length_exceeded' });
    expect((err as Error).message).toContain("This model's maximum context length is 200000 tokens. However, your messages resulted in 210000 tokens");
    await expectNoFailoverNorBreaker(b, bigBefore);
  });

  it("a Responses gateway's response.failed before any content is an overflow for Codex too, not a broken stream to retry elsewhere", async () => {
    b.small.script({ kind: 'error_mid_stream', afterChunks: 0, message: OPENAI_OVERFLOW });
    const bigBefore = relayCalls(b.big);
    const stream = await openAiFor(b, 'codex').responses.create({ model: 'gpt-5-codex', input: 'hello', stream: true });
    const events = [];
    for await (const ev of stream) events.push(ev);
    const failed = events.find((e) => e.type === 'response.failed') as OpenAI.Responses.ResponseFailedEvent;
    expect(failed.response.error).toMatchObject({ code: 'context_length_exceeded' });
    await expectNoFailoverNorBreaker(b, bigBefore);
  });
});
