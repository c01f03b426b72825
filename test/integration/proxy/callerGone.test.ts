import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHeadless } from '../../../electron/headless';
import { estimateInputTokens } from '../../../electron/core/proxy/protocols';
import type { ChannelOutput } from '../../../shared/contract';
import { startGateway, type Gateway } from '../../fixtures/gateway';
import { freePort } from '../../helpers/freePort';
import { makeTempEnv, type TempEnv } from '../../helpers/tempEnv';

type Running = Awaited<ReturnType<typeof startHeadless>>;
type LedgerRow = ChannelOutput<'usage.calls'>['rows'][number];

/** How long a hop may take before failover, in this test; the second hop would be tried right after. */
const TIMEOUT_MS = 1500;

/** Route `hang` then `gwall`, as in the issue: the first hop never answers unless told to. */
interface Bench {
  t: TempEnv;
  hang: Gateway;
  gwall: Gateway;
  sb: Running;
  token: string;
}

const relayCalls = (g: Gateway) => g.requests.filter((q) => q.path.endsWith('/chat/completions')).length;
/** $ per million tokens of gpt-test on `hang`. */
const PRICE = { input: 2, output: 8 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds, failing with `what` after `withinMs`. */
async function until(what: string, check: () => boolean | Promise<boolean>, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function ledgerRows(b: Bench, outcome: 'all' | 'error' | 'cancelled' = 'all'): Promise<LedgerRow[]> {
  return (await b.sb.app.handlers['usage.calls']({ since: '1h', limit: 100, offset: 0, outcome })).rows;
}

const callBody = (stream: boolean) => ({ model: 'gpt-test', stream, messages: [{ role: 'user', content: 'hello there, and tell me about the weather in the mountains this week' }] });

/** Starts a chat call that the test abandons with `abort()`, as `curl -m` or a closed tool would. */
function abandonableCall(b: Bench, stream: boolean) {
  const controller = new AbortController();
  const response = fetch(`${b.sb.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(callBody(stream)),
    signal: controller.signal,
  });
  // The abort rejects the pending fetch; that is the point, not a failure.
  response.catch(() => undefined);
  return { response, abort: () => controller.abort() };
}

describe('a caller that goes away stops its call: no ghost call, no further hop', () => {
  let b: Bench;
  beforeAll(async () => {
    const t = makeTempEnv();
    const hang = await startGateway({ protocols: ['chat'], acceptAnyModel: true });
    const gwall = await startGateway({ protocols: ['chat'], acceptAnyModel: true });
    const sb = await startHeadless({ env: t.env, port: await freePort() });
    const h = sb.app.handlers;
    await h['settings.set']({ firstByteTimeoutMs: TIMEOUT_MS, responseTimeoutMs: TIMEOUT_MS, breakerThreshold: 1000 });
    await h['providers.add']({ name: 'hang', baseUrl: hang.url, key: hang.apiKey, protocols: ['chat'] });
    await h['providers.add']({ name: 'gwall', baseUrl: gwall.url, key: gwall.apiKey, protocols: ['chat'] });
    await h['routes.set']({ client: 'chat', providers: ['hang', 'gwall'] });
    await h['prices.set']({ provider: 'hang', model: 'gpt-test', ...PRICE });
    b = { t, hang, gwall, sb, token: sb.app.tokens.ensure('chat') };
  });
  afterAll(async () => {
    await b.sb.close();
    await b.hang.close();
    await b.gwall.close();
    b.t.cleanup();
  });
  beforeEach(() => {
    b.hang.clearScripts();
    b.gwall.clearScripts();
  });

  for (const stream of [false, true]) {
    it(`${stream ? 'streamed' : 'non-streamed'}: abandoned while the first hop hangs, the upstream socket closes, the second hop is never tried and the row is cancelled with the prompt the gateway was sent, estimated`, async () => {
      const before = (await ledgerRows(b)).length;
      b.hang.script({ kind: 'hang' });
      const started = Date.now();
      const call = abandonableCall(b, stream);
      await until('the first hop to receive the call', () => b.hang.hanging() === 1, 2000);
      await sleep(200);
      call.abort();
      // Closed by the abort, before the hop's own timeout (started no sooner than `started`) could have ended it.
      await until('the hanging upstream connection to close', () => b.hang.hanging() === 0, started + TIMEOUT_MS - Date.now());
      // Past the moment the route would have failed over to gwall.
      await sleep(Math.max(0, started + TIMEOUT_MS + 1000 - Date.now()));
      expect(relayCalls(b.gwall)).toBe(0);

      const rows = await ledgerRows(b);
      expect(rows).toHaveLength(before + 1);
      expect(rows[0]).toMatchObject({
        provider: 'hang',
        streamed: stream,
        status: 499,
        errorClass: 'cancelled',
        attempts: 1,
        failedProviders: [],
        // The gateway read the whole prompt and bills it: an estimate, marked so, never 0 tokens.
        inputTokens: estimateInputTokens('chat', callBody(stream)),
        outputTokens: 0,
        estimated: true,
        estimatedCounts: 'all',
        costUsd: (estimateInputTokens('chat', callBody(stream)) * PRICE.input) / 1e6,
      });
      expect(rows[0].inputTokens).toBeGreaterThan(0);
      expect(rows[0].errorMessage).toMatch(/client closed the connection/);
      expect(rows[0].totalMs).toBeLessThan(TIMEOUT_MS);
      // Cancelled is neither a success nor an error.
      expect((await ledgerRows(b, 'error')).some((r) => r.id === rows[0].id)).toBe(false);
      expect((await ledgerRows(b, 'cancelled')).map((r) => r.id)).toContain(rows[0].id);
      const breaker = (await b.sb.app.handlers['breakers.list']({})).find((x) => x.provider === 'hang');
      expect(breaker?.consecutiveFailures ?? 0).toBe(0);
    });
  }

  it('abandoned while a 429\'s Retry-After is waited out: the wait ends and the provider is not asked again', async () => {
    b.hang.script({ kind: 'error', status: 429, message: 'slow down', retryAfter: 1 });
    b.gwall.script({ kind: 'error', status: 429, message: 'slow down too', retryAfter: 1 });
    const call = abandonableCall(b, false);
    await until('both hops to answer 429', () => relayCalls(b.gwall) === 1, 2000);
    const asked = relayCalls(b.hang);
    await sleep(100);
    call.abort();
    // How soon is the row's own totalMs to say, below: a wait the abort did not end would last past 1 s.
    await until('the cancelled row', async () => (await ledgerRows(b, 'cancelled')).some((r) => r.attempts === 2), 5000);
    // Past the end of the Retry-After, when the first hop would have been asked again.
    await sleep(1500);
    expect(relayCalls(b.hang)).toBe(asked);
    expect(relayCalls(b.gwall)).toBe(1);
    const row = (await ledgerRows(b, 'cancelled')).find((r) => r.attempts === 2)!;
    // No gateway held the request when the caller left: nothing was billed, nothing is estimated.
    expect(row).toMatchObject({ status: 499, errorClass: 'cancelled', failedProviders: ['hang', 'gwall'], inputTokens: 0, outputTokens: 0, estimatedCounts: null, costUsd: 0 });
    expect(row.totalMs).toBeLessThan(1000);
  });

  it('streamed: abandoned mid-stream, the upstream stream is stopped at once and the row is cancelled with the usage seen so far', async () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    // 40 chunks 100 ms apart: four seconds if the relay read it all.
    b.hang.script({ kind: 'text', text: words, chunks: 40, chunkDelayMs: 100 });
    const gwallBefore = relayCalls(b.gwall);
    const call = abandonableCall(b, true);
    const res = await call.response;
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let seen = '';
    while (!seen.includes('word')) seen += new TextDecoder().decode((await reader.read()).value);
    const abandonedAt = Date.now();
    call.abort();
    await until('the cancelled row', async () => (await ledgerRows(b, 'cancelled')).some((r) => r.status === 200), 1500);
    expect(Date.now() - abandonedAt).toBeLessThan(1500);
    const row = (await ledgerRows(b, 'cancelled')).find((r) => r.status === 200)!;
    expect(row).toMatchObject({ provider: 'hang', streamed: true, errorClass: 'cancelled', attempts: 1, estimated: true });
    // Its English sentence as before, and its code for the dashboard to word.
    expect(row).toMatchObject({ errorMessage: 'The client closed the connection before the answer was finished; the upstream call was stopped.', failure: { code: 'caller_left' } });
    expect(row.outputTokens).toBeGreaterThan(0);
    expect(row.totalMs).toBeLessThan(3000);
    expect(relayCalls(b.gwall)).toBe(gwallBefore);
    const breaker = (await b.sb.app.handlers['breakers.list']({})).find((x) => x.provider === 'hang');
    expect(breaker?.consecutiveFailures ?? 0).toBe(0);
  });
});
