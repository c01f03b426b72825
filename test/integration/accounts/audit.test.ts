import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditNoteSentence } from '../../../shared/auditSentences';
import { CANCELLED } from '../../../shared/callOutcome';
import { accountCommands } from '../../../electron/cliAccounts';
import { call } from '../../../electron/cliCommon';
import { costOf, type PriceSnapshot } from '../../../electron/core/usage/cost';
import { createUsageRepo, type UsageRecord } from '../../../electron/core/store/usage';
import { startGateway, type Gateway } from '../../fixtures/gateway';
import { makeTempEnv, type TempEnv } from '../../helpers/tempEnv';
import { ledgerRow } from '../../helpers/ledgerRow';
import { makeTestApp } from '../../helpers/testApp';

let t: TempEnv;
let app: ReturnType<typeof makeTestApp>;
let gateway: Gateway;

/** gpt-5.4 on the simulated gateway: model ratio 1.25, completion ratio 6, cache ratio 0.1, group default. */
const GPT_PRICE: PriceSnapshot = { input: 2.5, output: 15, cacheRead: 0.25, cacheWrite: 2.5, groupRatio: 1, source: 'gateway' };

/**
 * Makes a real relay call with the provider's key and writes the ledger row the proxy would:
 * the tokens the answer reported, priced from the snapshot. (The proxy itself is exercised by
 * its own tests; writing the row keeps this test about the audit.)
 */
async function callAndRecord(text: string, options: { keepRequestId?: boolean; cancelledAfter?: number; estimatedAs?: { inputTokens: number; outputTokens: number }; tookMs?: number } = {}): Promise<void> {
  const sent = Date.now();
  const res = await request(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gateway.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-5.4', messages: [{ role: 'user', content: text }] }),
  });
  const body = (await res.body.json()) as { model: string; usage: { prompt_tokens: number; completion_tokens: number } };
  expect(res.statusCode).toBe(200);
  // A long call (a stream of minutes) is one that started that long before it ended, now.
  const ended = Date.now();
  const started = options.tookMs === undefined ? sent : ended - options.tookMs;
  // A call its client left: the proxy counted only the completion tokens that reached it.
  const outputTokens = options.cancelledAfter ?? body.usage.completion_tokens;
  // A gateway that reported no usage: the proxy's own estimate, which is never exact.
  const tokens = { inputTokens: body.usage.prompt_tokens, outputTokens, ...options.estimatedAs, cacheReadTokens: 0, cacheWriteTokens: 0 };
  const row: UsageRecord = {
    ts: started,
    requestId: `sb-${started}-${text.length}`,
    client: 'chat',
    provider: 'gw',
    requestedModel: 'gpt-5.4',
    servedModel: 'gpt-5.4',
    endpoint: 'chat',
    protocolIn: 'chat',
    protocolOut: 'chat',
    streamed: options.cancelledAfter !== undefined,
    status: 200,
    errorClass: options.cancelledAfter !== undefined ? CANCELLED : null,
    ...tokens,
    reasoningTokens: 0,
    estimatedCounts: options.estimatedAs === undefined ? null : 'all',
    ttfbMs: 5,
    totalMs: ended - started,
    attempts: 1,
    failedProviders: [],
    upstreamRequestId: options.keepRequestId === false ? null : String(res.headers['x-oneapi-request-id']),
    costUsd: costOf(tokens, GPT_PRICE),
    price: GPT_PRICE,
  };
  createUsageRepo(app.db).insertMany([row]);
}

beforeEach(async () => {
  t = makeTempEnv();
  app = makeTestApp(t);
  gateway = await startGateway();
  await call(app, 'providers.add', { name: 'gw', baseUrl: gateway.url, key: gateway.apiKey });
  await call(app, 'accounts.add', { name: 'acct', baseUrl: gateway.url, username: 'tester', password: 'tester-password' });
});

afterEach(async () => {
  app.close();
  await gateway.close();
  t.cleanup();
});

describe('billing audit against the simulated gateway', () => {
  it('reports nothing on an honest run, matched by request id or by time and model', async () => {
    await callAndRecord('hello there');
    await callAndRecord('a somewhat longer question about the weather', { keepRequestId: false });
    await callAndRecord('third', { keepRequestId: false });
    const report = await call(app, 'audit.run', { account: 'acct', since: '1h' });
    expect(report.providers).toEqual(['gw']);
    expect(report.totals).toMatchObject({ gatewayCalls: 3, ledgerCalls: 3, matched: 3, discrepancies: 0, overchargeUsd: 0 });
    expect(report.totals.billedUsd).toBeGreaterThan(0);
    expect(report.days).toHaveLength(1);
  });

  it('matches the bill of a call its client abandoned, and takes it as billed', async () => {
    await callAndRecord('honest call');
    await callAndRecord('a question whose client left halfway', { cancelledAfter: 1 });
    const report = await call(app, 'audit.run', { account: 'acct', since: '1h' });
    expect(report.totals).toMatchObject({ gatewayCalls: 2, ledgerCalls: 2, matched: 2, discrepancies: 0, overchargeUsd: 0 });
    const cancelled = report.calls.find((c) => c.ledger?.outputTokens === 1)!;
    expect(cancelled.issues).toEqual([]);
    expect(cancelled.notes[0]).toMatchObject({ code: 'client_left', proxyCompletion: 1 });
    expect(auditNoteSentence(cancelled.notes[0])).toMatch(/^Its client left before the end, after the proxy saw 1 completion tokens; the gateway billed \d+/);
  });

  it('takes the bill of a call whose tokens the proxy estimated, without a discrepancy or a negative overcharge', async () => {
    await callAndRecord('honest call');
    await callAndRecord('a gateway that sent no usage for this one', { estimatedAs: { inputTokens: 400, outputTokens: 300 } });
    const report = await call(app, 'audit.run', { account: 'acct', since: '1h' });
    expect(report.totals).toMatchObject({ gatewayCalls: 2, ledgerCalls: 2, matched: 2, discrepancies: 0, overchargeUsd: 0 });
    expect(report.totals.expectedUsd).toBe(report.totals.billedUsd);
    const estimated = report.calls.find((c) => c.ledger?.inputTokens === 400)!;
    expect(estimated.notes[0]).toMatchObject({ code: 'counts_estimated', proxyPrompt: 400, proxyCompletion: 300 });
    expect(auditNoteSentence(estimated.notes[0])).toMatch(/^The gateway reported no usage to the proxy, whose 400 prompt and 300 completion tokens are estimates/);
  });

  it('counts the cached tokens of a Claude-format call, which new-api logs apart from prompt_tokens', async () => {
    gateway.script({ kind: 'text', text: 'cached answer', usage: { promptTokens: 12_000, completionTokens: 300, cacheReadTokens: 9_000, cacheWriteTokens: 2_000 } });
    const res = await request(`${gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': gateway.apiKey, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const body = (await res.body.json()) as { usage: { input_tokens: number; output_tokens: number; cache_read_input_tokens: number; cache_creation_input_tokens: number } };
    expect(res.statusCode).toBe(200);
    // The ledger keeps Anthropic's counts as the answer gave them: input without the cache, cache reads and writes apart.
    const tokens = { inputTokens: body.usage.input_tokens, outputTokens: body.usage.output_tokens, cacheReadTokens: body.usage.cache_read_input_tokens, cacheWriteTokens: body.usage.cache_creation_input_tokens };
    const price: PriceSnapshot = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, groupRatio: 1, source: 'gateway' };
    const now = Date.now();
    createUsageRepo(app.db).insertMany([
      {
        ts: now - 50, requestId: 'sb-claude', client: 'claude', provider: 'gw', requestedModel: 'claude-sonnet-4-6', servedModel: 'claude-sonnet-4-6', endpoint: 'messages',
        protocolIn: 'anthropic', protocolOut: 'anthropic', streamed: false, status: 200, errorClass: null, ...tokens, reasoningTokens: 0, estimatedCounts: null,
        ttfbMs: 5, totalMs: 50, attempts: 1, failedProviders: [], upstreamRequestId: String(res.headers['x-oneapi-request-id']), costUsd: costOf(tokens, price), price,
      },
    ]);
    const report = await call(app, 'audit.run', { account: 'acct', since: '1h' });
    expect(report.totals).toMatchObject({ gatewayCalls: 1, matched: 1, discrepancies: 0, overchargeUsd: 0 });
    expect(report.calls[0].gateway!.inputTokens).toBe(12_000);
  });

  it('matches a call that started before the window and ended inside it', async () => {
    await callAndRecord('a stream that ran for over three minutes', { tookMs: 200_000 });
    const report = await call(app, 'audit.run', { account: 'acct', since: '1m' });
    expect(report.totals).toMatchObject({ gatewayCalls: 1, ledgerCalls: 1, matched: 1, discrepancies: 0, overchargeUsd: 0 });
  });

  it('still matches the calls made before their provider was renamed, and usage shows them under the new name', async () => {
    await callAndRecord('made while the provider was called gw');
    await call(app, 'providers.update', { name: 'gw', newName: 'relay' });
    const report = await call(app, 'audit.run', { account: 'acct', since: '1h' });
    expect(report.providers).toEqual(['relay']);
    expect(report.totals).toMatchObject({ gatewayCalls: 1, ledgerCalls: 1, matched: 1, discrepancies: 0, overchargeUsd: 0 });
    expect((await call(app, 'usage.summary', { since: '1h', by: 'provider' })).groups.map((g) => [g.key, g.calls])).toEqual([['relay', 1]]);
  });

  it('finds an extra billed call, inflated completion tokens and a substituted model', async () => {
    await callAndRecord('honest call');
    gateway.skewBilling({ inflateCompletionTokens: 3 });
    await callAndRecord('this one is billed with more completion tokens', { keepRequestId: false });
    gateway.skewBilling({ substituteModel: 'claude-opus-4-7' });
    await callAndRecord('and this one is billed as another model', { keepRequestId: false });
    gateway.skewBilling(null);
    gateway.billPhantomCall({ model: 'claude-sonnet-4-6', promptTokens: 4000, completionTokens: 900 });

    const report = await call(app, 'audit.run', { account: 'acct', since: '1h' });
    expect(report.totals.discrepancies).toBe(3);
    expect(report.totals.byIssue).toMatchObject({ not_made_by_proxy: 1, tokens_differ: 1, model_differs: 1 });
    expect(report.totals.byIssue.charge_differs).toBe(2);
    const inflated = report.calls.find((c) => c.issues.includes('tokens_differ'))!;
    expect(inflated.gateway!.outputTokens).toBe(inflated.ledger!.outputTokens * 3);
    const substituted = report.calls.find((c) => c.issues.includes('model_differs'))!;
    expect(substituted.gateway!.model).toBe('claude-opus-4-7');
    expect(substituted.ledger!.model).toBe('gpt-5.4');
    expect(report.calls.find((c) => c.issues.includes('not_made_by_proxy'))!.gateway!.model).toBe('claude-sonnet-4-6');
    expect(report.totals.overchargeUsd).toBeGreaterThan(0);
  });

  it('finds a call the gateway billed twice under one request id, its second bill all overcharge', async () => {
    await callAndRecord('a call billed once');
    await callAndRecord('a call billed twice');
    const row = createUsageRepo(app.db).calls({ since: 0, outcome: 'all' }, 1, 0).rows[0];
    gateway.billPhantomCall({ model: 'gpt-5.4', promptTokens: row.inputTokens, completionTokens: row.outputTokens, requestId: row.upstreamRequestId! });

    const report = await call(app, 'audit.run', { account: 'acct', since: '1h' });
    expect(report.totals).toMatchObject({ gatewayCalls: 3, ledgerCalls: 2, matched: 2, discrepancies: 1, byIssue: { billed_twice: 1 } });
    const again = report.calls.find((c) => c.issues.includes('billed_twice'))!;
    expect(again.gateway!.requestId).toBe(row.upstreamRequestId);
    expect(again.notes).toEqual([{ code: 'billed_twice', requestId: row.upstreamRequestId, model: 'gpt-5.4' }]);
    expect(auditNoteSentence(again.notes[0])).toContain('the proxy made this gpt-5.4 call once');
    expect(report.totals.overchargeUsd).toBeCloseTo(again.gateway!.costUsd, 6);
  });

  it('counts a log once when a newer call pushes it onto the next page while the audit reads', async () => {
    for (let i = 0; i < 150; i++) gateway.billPhantomCall({ model: 'gpt-5.4', promptTokens: 100 + i, completionTokens: 10 });
    let pagesAsked = 0;
    // A call billed between the first page and the second: the second page starts one log earlier.
    gateway.beforeAnswer({ path: '/api/log/self' }, () => {
      if (++pagesAsked === 2) gateway.billPhantomCall({ model: 'gpt-5.4', promptTokens: 7, completionTokens: 7 });
    });
    const report = await call(app, 'audit.run', { account: 'acct', since: '1h' });
    expect(pagesAsked).toBeGreaterThanOrEqual(2);
    const read = report.calls.map((c) => c.gateway!.requestId);
    expect(new Set(read).size).toBe(read.length);
    expect(report.totals.gatewayCalls).toBe(150);
  });

  it('counts both logs of a call the gateway billed twice', async () => {
    const twice = { model: 'gpt-5.4', promptTokens: 42, completionTokens: 7, at: Math.floor(Date.now() / 1000) - 60, requestId: 'req-billed-twice' };
    gateway.billPhantomCall(twice);
    gateway.billPhantomCall(twice);
    for (let i = 0; i < 5; i++) gateway.billPhantomCall({ model: 'gpt-5.4', promptTokens: 100 + i, completionTokens: 10 });
    const report = await call(app, 'audit.run', { account: 'acct', since: '1h' });
    expect(report.calls.filter((c) => c.gateway!.requestId === 'req-billed-twice')).toHaveLength(2);
    expect(report.totals.gatewayCalls).toBe(7);
  });

  it('says its figures leave calls out when the gateway has more logs than the audit reads, in the report and on the command line', async () => {
    // one-api hands out pages of a size it fixes: one log a page makes the audit's 500 pages hold 500 logs.
    const busy = await startGateway({ flavour: 'one-api', itemsPerPage: 1 });
    try {
      await call(app, 'accounts.add', { name: 'busy', kind: 'one-api', baseUrl: busy.url, username: 'tester', password: 'tester-password' });
      for (let i = 0; i < 500; i++) busy.billPhantomCall({ model: 'gpt-5.4', promptTokens: 100, completionTokens: 10 });
      // Exactly as many as the pages hold: the audit looks one page further, finds it empty and has them all.
      const whole = await call(app, 'audit.run', { account: 'busy', since: '1h' });
      expect(whole).toMatchObject({ incomplete: null, cut: { logs: false, ledger: false }, totals: { gatewayCalls: 500 } });

      busy.billPhantomCall({ model: 'gpt-5.4', promptTokens: 100, completionTokens: 10 });
      const cut = await call(app, 'audit.run', { account: 'busy', since: '1h' });
      expect(cut.incomplete).toEqual({ logs: { read: 500, total: null }, ledger: [] });
      expect(cut.totals.gatewayCalls).toBe(500);
      expect(cut.cut).toEqual({ logs: true, ledger: false });

      // The command, run on this app (whose secret store holds the account's password).
      const printed: string[] = [];
      await accountCommands.audit(app, ['--account', 'busy', '--since', '1h'], { out: (text) => printed.push(text), err: (text) => printed.push(text), env: t.env, stdin: async () => '' });
      expect(printed[0]).toBe('The gateway has more than 500 log entries in this window and the audit read only 500, so its figures leave calls out; audit a shorter window to see them all.');
      expect(printed[1]).toMatch(/^partial total\s+500\s/m);
    } finally {
      await busy.close();
    }
  }, 60_000);

  it('says its figures leave calls out when the ledger holds more calls than the audit reads, naming the provider', async () => {
    // Failed calls the gateway rightly did not bill: the report stays small, the ledger is full.
    const failed = (n: number, first: number) =>
      Array.from({ length: n }, (_, i) => ledgerRow(Date.now() - 30 * 60_000 + first + i, { requestId: `sb_failed_${first + i}`, status: 502, errorClass: 'upstream_error', outputTokens: 0, costUsd: 0 }));
    createUsageRepo(app.db).insertMany(failed(100_000, 0));
    await callAndRecord('the latest call, which the audit reads');
    const whole = await call(app, 'audit.run', { account: 'acct', since: '1h' });
    expect(whole.incomplete).toEqual({ logs: null, ledger: [{ provider: 'gw', read: 100_000, total: 100_001 }] });
    expect(whole.cut).toEqual({ logs: false, ledger: true });
    // The latest are the ones read: the honest call still pairs with its log.
    expect(whole.totals).toMatchObject({ gatewayCalls: 1, matched: 1, discrepancies: 0 });

    // The command says the bill matched the calls it read, not all the proxy made.
    const printed: string[] = [];
    await accountCommands.audit(app, ['--account', 'acct', '--since', '1h'], { out: (text) => printed.push(text), err: (text) => printed.push(text), env: t.env, stdin: async () => '' });
    expect(printed[0]).toBe(
      "The proxy's ledger has 100,001 calls through gw in this window and the day before it and the audit read only the latest 100,000, so its figures leave calls out; audit a shorter window to see them all.",
    );
    expect(printed.at(-1)).toBe("No discrepancies in the ledger calls read: the gateway's bill matches 1 of the proxy's latest calls, the ones the audit read.");
  }, 120_000);

  it('groups its counts on the command line, the calls it cannot judge too', async () => {
    const calls = 1200;
    const at = Math.floor(Date.now() / 1000) - 600;
    const rows = Array.from({ length: calls }, (_, i) => {
      const log = gateway.billPhantomCall({ model: 'gpt-5.4', promptTokens: 10, completionTokens: 5, at, requestId: `req-unpriced-${i}` });
      return ledgerRow(at * 1000, { requestId: `sb_unpriced_${i}`, client: 'chat', servedModel: 'gpt-5.4', requestedModel: 'gpt-5.4', upstreamRequestId: log.requestId, costUsd: null });
    });
    createUsageRepo(app.db).insertMany(rows);
    const printed: string[] = [];
    await accountCommands.audit(app, ['--account', 'acct', '--since', '1h'], { out: (text) => printed.push(text), err: (text) => printed.push(text), env: t.env, stdin: async () => '' });
    const total = printed[0].split('\n').find((line) => line.startsWith('total'))!.split(/\s{2,}/);
    expect(total.slice(0, 5)).toEqual(['total', '1,200', '1,200', '1,200', '0']);
    expect(total.at(-1)).toMatch(/^\$0\.0000 \(1,200 not judged\)$/);
    expect(printed[1]).toMatch(/^1,200 of the 1,200 matched calls have no price in the ledger/);
    expect(printed.at(-1)).toBe("No discrepancies in calls, tokens or models (charges judged only where priced): the gateway's bill matches the 1,200 calls the proxy made.");
  }, 60_000);

  it('a key-only account cannot be audited, in one sentence', async () => {
    await call(app, 'accounts.add', { name: 'keyonly', baseUrl: gateway.url, key: gateway.apiKey });
    await expect(call(app, 'audit.run', { account: 'keyonly' })).rejects.toThrow(/^keyonly is a key-only account: keys, logs, groups and the audit need a console login; add the gateway again under another name with --username/);
  });
});
