import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless } from '../../electron/headless';
import { databaseFile } from '../../electron/core/paths';
import { dispatch } from '../../electron/core/rpc';
import type { CallFailure } from '../../shared/callFailure';
import type { ChannelOutput } from '../../shared/contract';
import { translate, type Locale } from '../../renderer/i18n/locale';
import { callFailureText } from '../../renderer/lib/callFailureText';
import { startGateway, type Gateway } from '../fixtures/gateway';
import { freePort } from '../helpers/freePort';
import { runSwitchboard } from '../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

type Running = Awaited<ReturnType<typeof startHeadless>>;
type Row = ChannelOutput<'usage.calls'>['rows'][number];

/** Each CLI run is a fresh Node process; several per test on a busy machine. */
const CLI_TIMEOUT = 120_000;

/** A ledger row's failure as the Usage page words it in `locale`. */
const dashboardText = (locale: Locale, failure: CallFailure) => callFailureText((key, vars) => translate(locale, key, vars), locale, failure);

/** The English sentence of a client that left, as the tool, the CLI and the CSV have always had it. */
const CALLER_LEFT = 'The client closed the connection before the answer was finished; the upstream call was stopped.';

/**
 * Mid-stream failures and cancelled calls, made through a real proxy, then read back on every
 * surface: the ledger row, the contract channels the Usage page calls, and the real CLI.
 */
describe('how a call ended, on every surface', () => {
  let t: TempEnv;
  let gateway: Gateway;
  let sb: Running;
  const cli = (...args: string[]) => runSwitchboard(args, t.env);
  const ids = { ok: '', errorEvent: '', dropped: '', cancelled: 0 };
  let rows: Row[];

  const chat = async (stream: boolean, signal?: AbortSignal) =>
    fetch(`${sb.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sb.app.tokens.ensure('chat')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-test', stream, messages: [{ role: 'user', content: 'hello' }] }),
      signal,
    });
  const rpc = async <C extends 'usage.calls' | 'usage.diagnostic' | 'usage.summary'>(channel: C, input: unknown) => {
    const result = await dispatch(sb.app.handlers, channel, input);
    if (!result.ok) throw new Error(result.error.message);
    return result.data as ChannelOutput<C>;
  };

  beforeAll(async () => {
    t = makeTempEnv();
    gateway = await startGateway({ protocols: ['chat'], acceptAnyModel: true });
    sb = await startHeadless({ env: t.env, port: await freePort() });
    await sb.app.handlers['providers.add']({ name: 'gw', baseUrl: gateway.url, key: gateway.apiKey, protocols: ['chat'] });
    await sb.app.handlers['routes.set']({ client: 'chat', providers: ['gw'] });

    const ok = await chat(false);
    await ok.text();
    ids.ok = ok.headers.get('x-request-id')!;
    gateway.script({ kind: 'error_mid_stream', text: 'one two three four five six', afterChunks: 2, message: 'upstream fell over' });
    const errorEvent = await chat(true);
    await errorEvent.text();
    ids.errorEvent = errorEvent.headers.get('x-request-id')!;
    gateway.script({ kind: 'drop_mid_stream', text: 'alpha beta gamma delta epsilon', afterChunks: 2 });
    const dropped = await chat(true);
    await dropped.text();
    ids.dropped = dropped.headers.get('x-request-id')!;

    gateway.script({ kind: 'hang' });
    const controller = new AbortController();
    const abandoned = chat(false, controller.signal).catch(() => undefined);
    while (gateway.hanging() === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await abandoned;
    while (gateway.hanging() > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    // The proxy writes the row once its handler returns: wait for it rather than guess.
    for (let i = 0; i < 100 && !rows?.some((r) => r.errorClass === 'cancelled'); i++) {
      rows = (await rpc('usage.calls', { since: '1h' })).rows;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    ids.cancelled = rows.find((r) => r.errorClass === 'cancelled')!.id;
  });
  afterAll(async () => {
    await sb.close();
    await gateway.close();
    t.cleanup();
  });

  const byRequest = (requestId: string) => rows.find((r) => r.requestId === requestId)!;

  it('the ledger keeps a mid-stream failure with its code and sentence, status 200', () => {
    expect(rows).toHaveLength(4);
    expect(byRequest(ids.ok)).toMatchObject({ status: 200, errorClass: null, errorMessage: null });
    expect(byRequest(ids.errorEvent)).toMatchObject({ status: 200, streamed: true, errorClass: 'stream_error', errorMessage: 'gw broke off its answer (it sent an error: upstream fell over); the answer is incomplete: ask again' });
    expect(byRequest(ids.dropped)).toMatchObject({ status: 200, streamed: true, errorClass: 'stream_broken' });
    expect(byRequest(ids.dropped).errorMessage).toMatch(/^gw broke off its answer \(.+\); the answer is incomplete: ask again$/);
    expect(byRequest(ids.errorEvent).failure).toEqual({ code: 'answer_incomplete', provider: 'gw', mishap: { code: 'sent_error', words: 'upstream fell over' } });
    expect(byRequest(ids.ok).failure).toBeNull();
  });

  it('a cancelled call keeps its English sentence and its code, which the zh-CN dashboard words', () => {
    const cancelled = rows.find((r) => r.id === ids.cancelled)!;
    expect(cancelled).toMatchObject({ status: 499, errorClass: 'cancelled', errorMessage: CALLER_LEFT, failure: { code: 'caller_left' } });
    expect(dashboardText('zh-CN', cancelled.failure!)).toBe('客户端在回答结束前关闭了连接，已停止上游调用。');
    expect(dashboardText('en', cancelled.failure!)).toBe(CALLER_LEFT);
  });

  it('the contract channels the Usage page calls: errors include mid-stream failures, not cancelled calls; the diagnostic carries the error text', async () => {
    const errors = (await rpc('usage.calls', { since: '1h', outcome: 'error' })).rows.map((r) => r.requestId).sort();
    expect(errors).toEqual([ids.errorEvent, ids.dropped].sort());
    const cancelled = (await rpc('usage.calls', { since: '1h', outcome: 'cancelled' })).rows;
    expect(cancelled.map((r) => r.id)).toEqual([ids.cancelled]);
    expect((await rpc('usage.summary', { since: '1h', by: 'provider' })).totals).toMatchObject({ calls: 4, errors: 2 });

    const midStream = await rpc('usage.diagnostic', { id: byRequest(ids.errorEvent).id });
    expect(midStream.text).toContain('Outcome: failed mid-stream, after the answer had started (status 200 was already sent)');
    expect(midStream.text).toContain('Error: gw broke off its answer (it sent an error: upstream fell over); the answer is incomplete: ask again');
    const gone = await rpc('usage.diagnostic', { id: ids.cancelled });
    expect(gone.text).toContain('Outcome: cancelled by the client');
    expect(gone.text).toContain('Status: 499 (cancelled)');
  });

  it('the CLI shows "200 → failed mid-stream: <why>", lists mid-stream failures under --errors and abandoned calls under --cancelled', async () => {
    sb.app.ledger.flush();
    const all = await cli('usage', '--calls', '10');
    expect(all.stderr).toBe('');
    expect(all.stdout).toContain('200 → failed mid-stream: gw broke off its answer (it sent an error: upstream fell over); the answer is incomplete: ask again');
    expect(all.stdout).toMatch(/200 → failed mid-stream: gw broke off its answer/);
    expect(all.stdout).toContain('cancelled by the client');

    const errors = await cli('usage', '--calls', '10', '--errors');
    const errorLines = errors.stdout.trim().split('\n').slice(1);
    expect(errorLines).toHaveLength(2);
    expect(errorLines.every((line) => line.includes('failed mid-stream'))).toBe(true);
    const errorsJson = JSON.parse((await cli('usage', '--calls', '10', '--errors', '--json')).stdout) as { rows: Row[] };
    expect(errorsJson.rows.map((r) => r.errorMessage)).toContain('gw broke off its answer (it sent an error: upstream fell over); the answer is incomplete: ask again');
    // --json prints each row as before: the English sentence, without the code and figures the dashboard words.
    const { failure, ...printed } = byRequest(ids.errorEvent);
    expect(failure).toMatchObject({ code: 'answer_incomplete' });
    expect(errorsJson.rows.find((r) => r.requestId === ids.errorEvent)).toStrictEqual(printed);

    const cancelled = JSON.parse((await cli('usage', '--calls', '10', '--cancelled', '--json')).stdout) as { rows: Row[] };
    expect(cancelled.rows.map((r) => r.id)).toEqual([ids.cancelled]);
    const { failure: _cancelledFailure, ...cancelledPrinted } = rows.find((r) => r.id === ids.cancelled)!;
    expect(cancelled.rows[0]).toStrictEqual(cancelledPrinted);
    expect(cancelled.rows[0].errorMessage).toBe(CALLER_LEFT);
    expect((await cli('usage', '--csv', '-', '--cancelled')).stdout).toContain(`,cancelled,${CALLER_LEFT},`);

    const summary = JSON.parse((await cli('usage', '--json')).stdout) as { totals: { calls: number; errors: number; cancelledCalls: number } };
    expect(summary.totals).toMatchObject({ calls: 4, errors: 2, cancelledCalls: 1 });
    const human = await cli('usage', '--by', 'provider');
    expect(human.stdout).toMatch(/TOTAL\s+4\s+2\s/);
    expect(human.stdout).toContain('Cancelled by the client: 1 call (not counted as errors); list them with "switchboard usage --calls 20 --cancelled".');

    const both = await cli('usage', '--calls', '10', '--errors', '--cancelled');
    expect(both.code).toBe(2);
    expect(both.stderr.trim()).toBe('switchboard: usage takes --errors or --cancelled, not both; see "switchboard usage --help".');
  }, CLI_TIMEOUT);

  it('a gateway error that quotes the key is kept with the key masked, in the ledger and in the answer', async () => {
    gateway.script({ kind: 'error', status: 400, message: `Invalid request for key ${gateway.apiKey}` });
    const res = await chat(false);
    const answer = await res.text();
    expect(answer).not.toContain(gateway.apiKey);
    const [row] = (await rpc('usage.calls', { since: '1h', outcome: 'error', limit: 1 })).rows;
    expect(row.requestId).toBe(res.headers.get('x-request-id'));
    expect(row.errorMessage).toContain(`Invalid request for key sk-…${gateway.apiKey.slice(-4)}`);
    expect(row.errorMessage).not.toContain(gateway.apiKey);
  });
});

/**
 * The proxy's own sentences for a call no provider was asked about (a route that cannot take it) or
 * that broke inside the proxy: the tool, the CLI and the CSV read the English they always read, the
 * ledger keeps its code beside it, and the zh-CN dashboard words that code.
 */
describe('the proxy\u2019s refusals and its own failure, in English and in the dashboard\u2019s Chinese', () => {
  let t: TempEnv;
  let gateway: Gateway;
  let sb: Running;
  const cli = (...args: string[]) => runSwitchboard(args, t.env);
  const call = async (path: string, body: unknown) => {
    const res = await fetch(`${sb.url}/v1/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sb.app.tokens.ensure('chat')}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const { error } = (await res.json()) as { error: { message: string } };
    return { status: res.status, message: error.message, requestId: res.headers.get('x-request-id')! };
  };
  const rowOf = async (requestId: string) => {
    sb.app.ledger.flush();
    return (await sb.app.handlers['usage.calls']({ since: '1h', limit: 50, offset: 0, outcome: 'all' })).rows.find((r) => r.requestId === requestId)!;
  };
  const sentences = { unserved: '', noOpenAi: '', internal: '' };

  beforeAll(async () => {
    t = makeTempEnv();
    gateway = await startGateway({ protocols: ['chat', 'anthropic'], acceptAnyModel: true });
    sb = await startHeadless({ env: t.env, port: await freePort() });
    await sb.app.handlers['providers.add']({ name: 'gw', baseUrl: gateway.url, key: gateway.apiKey, protocols: ['chat'] });
    await sb.app.handlers['providers.add']({ name: 'gw-claude', baseUrl: gateway.url, key: gateway.apiKey, protocols: ['anthropic'] });
  });
  afterAll(async () => {
    await sb.close();
    await gateway.close();
    t.cleanup();
  });

  /** A call the route refuses before asking any provider: the tool's English, the ledger's code, and the dashboard's wording in both languages. */
  async function expectRefused(path: string, body: Record<string, unknown>, want: { status: number; sentence: string; failure: CallFailure; zh: string }) {
    const refused = await call(path, body);
    expect(refused).toMatchObject({ status: want.status, message: want.sentence });
    const row = await rowOf(refused.requestId);
    expect(row).toMatchObject({ status: want.status, errorClass: 'no_provider', errorMessage: want.sentence, failure: want.failure });
    expect(dashboardText('zh-CN', row.failure!)).toBe(want.zh);
    expect(dashboardText('en', row.failure!)).toBe(want.sentence);
  }

  it('under strict model, a model no hop serves', async () => {
    await sb.app.handlers['routes.set']({ client: 'chat', hops: [{ provider: 'gw', model: 'gpt-test' }], strictModel: true });
    sentences.unserved = 'No provider in this route serves gpt-other and the route forbids serving another model; map a provider to gpt-other or turn off strict model.';
    await expectRefused('chat/completions', { model: 'gpt-other', messages: [{ role: 'user', content: 'hello' }] }, {
      status: 400,
      sentence: sentences.unserved,
      failure: { code: 'model_unserved', model: 'gpt-other' },
      zh: '此路由中没有服务商提供 gpt-other，而此路由不允许替换为其他模型：请把一个服务商映射到 gpt-other，或关闭“绝不替换为其他模型”。',
    });
  });

  it('an OpenAI-only endpoint on a route none of whose providers speaks OpenAI', async () => {
    await sb.app.handlers['routes.set']({ client: 'chat', providers: ['gw-claude'], strictModel: false });
    sentences.noOpenAi = '/v1/embeddings needs a provider that speaks the OpenAI protocol, and this route has none (gw-claude); add one to the route.';
    await expectRefused('embeddings', { model: 'text-embedding-3-small', input: 'hello' }, {
      status: 503,
      sentence: sentences.noOpenAi,
      failure: { code: 'no_openai_provider', path: '/embeddings', providers: ['gw-claude'] },
      zh: '/v1/embeddings 需要一个支持 OpenAI 协议的服务商，而此路由中没有（gw-claude）：请在路由中加一个。',
    });
  });

  it('the proxy failing inside: another process holds the database while the failed provider\u2019s breaker is saved', async () => {
    await sb.app.handlers['routes.set']({ client: 'chat', providers: ['gw'] });
    gateway.script({ kind: 'error', status: 500, message: 'upstream exploded' });
    // As a second Switchboard process writing would: the breaker's save waits out its busy timeout, then throws.
    const other = new Database(databaseFile(t.paths.home));
    other.exec('BEGIN EXCLUSIVE');
    let failed: Awaited<ReturnType<typeof call>>;
    try {
      failed = await call('chat/completions', { model: 'gpt-test', messages: [{ role: 'user', content: 'hello' }] });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    sentences.internal = 'Switchboard failed to handle the call: database is locked';
    expect(failed).toMatchObject({ status: 500, message: sentences.internal });
    const row = await rowOf(failed.requestId);
    expect(row).toMatchObject({ status: 500, errorClass: 'internal', errorMessage: sentences.internal, failure: { code: 'internal', reason: 'database is locked' } });
    // The error's own words stay as they were thrown.
    expect(dashboardText('zh-CN', row.failure!)).toBe('Switchboard 处理此调用时出错：database is locked');
    expect(dashboardText('en', row.failure!)).toBe(sentences.internal);
  });

  it('the command line and the CSV print the English sentences they printed', async () => {
    sb.app.ledger.flush();
    const { rows } = await sb.app.handlers['usage.calls']({ since: '1h', limit: 50, offset: 0, outcome: 'all' });
    const listed = JSON.parse((await cli('usage', '--calls', '10', '--json')).stdout) as { rows: Row[] };
    expect(listed.rows).toStrictEqual(rows.map(({ failure: _failure, ...row }) => row));
    expect(listed.rows.map((r) => r.errorMessage)).toEqual([sentences.internal, sentences.noOpenAi, sentences.unserved]);
    const csv = (await cli('usage', '--csv', '-')).stdout;
    expect(csv).toContain(`,500,internal,${sentences.internal},`);
    expect(csv).toContain(`,503,no_provider,"${sentences.noOpenAi}",`);
    expect(csv).toContain(`,400,no_provider,${sentences.unserved},`);
  }, CLI_TIMEOUT);
});

describe('the two proxy timeouts on the command line', () => {
  let t: TempEnv;
  const cli = (...args: string[]) => runSwitchboard(args, t.env);
  beforeAll(() => {
    t = makeTempEnv();
  });
  afterAll(() => t.cleanup());

  it('settings shows the response timeout beside the first-byte timeout, each with its meaning, and help says the same', async () => {
    const shown = await cli('settings');
    expect(shown.stderr).toBe('');
    const lines = shown.stdout.split('\n');
    const at = (name: string) => lines.findIndex((line) => line.startsWith(`${name} `));
    expect(at('responseTimeoutMs')).toBe(at('firstByteTimeoutMs') + 2);
    expect(lines[at('firstByteTimeoutMs')]).toMatch(/^firstByteTimeoutMs\s+120000 \(2 min\)$/);
    expect(lines[at('firstByteTimeoutMs') + 1]).toContain("How long to wait for a gateway's first byte (its headers) before failing over");
    expect(lines[at('responseTimeoutMs')]).toMatch(/^responseTimeoutMs\s+600000 \(10 min\)$/);
    expect(lines[at('responseTimeoutMs') + 1]).toContain('How long a non-streamed call may take in all');

    const help = await cli('settings', '--help');
    expect(help.stdout).toMatch(/firstByteTimeoutMs\s+How long to wait for a gateway's first byte/);
    expect(help.stdout).toMatch(/responseTimeoutMs\s+How long a non-streamed call may take in all .* before it is abandoned and failed over/);
  }, CLI_TIMEOUT);

  it('settings says when SWITCHBOARD_PORT sets another port than the saved proxyPort, and --json keeps the saved one', async () => {
    const env = { ...t.env, SWITCHBOARD_PORT: '17399' };
    const line = (out: string) => out.split('\n').find((l) => l.startsWith('proxyPort '));
    expect(line((await runSwitchboard(['settings'], env)).stdout)).toMatch(
      /^proxyPort\s+17170 \(SWITCHBOARD_PORT=17399 overrides it here; 17170 applies without it\)$/,
    );
    expect(line((await cli('settings')).stdout)).toMatch(/^proxyPort\s+17170$/);
    expect(JSON.parse((await runSwitchboard(['settings', '--json'], env)).stdout).proxyPort).toBe(17170);
  }, CLI_TIMEOUT);

  it('settings set takes the response timeout in milliseconds or as a duration, and refuses anything else unchanged', async () => {
    expect((await cli('settings', 'set', 'responseTimeoutMs', '5m')).stdout.trim()).toBe('responseTimeoutMs = 300000 (5 min)');
    expect((await cli('settings', 'set', 'responseTimeoutMs', '90000')).stdout.trim()).toBe('responseTimeoutMs = 90000 (90 s)');
    const bad = await cli('settings', 'set', 'responseTimeoutMs', 'soon');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('switchboard: responseTimeoutMs takes milliseconds, or a duration such as 90s or 10m, not "soon".');
    const tooShort = await cli('settings', 'set', 'responseTimeoutMs', '0');
    expect(tooShort.code).toBe(2);
    expect(tooShort.stderr.trim()).toBe('switchboard: responseTimeoutMs must be at least 100 ms (or write it as 90s, 10m), not 0.');
    expect(JSON.parse((await cli('settings', '--json')).stdout).responseTimeoutMs).toBe(90000);
  }, CLI_TIMEOUT);

  it('settings set says a whole number is wanted, and refuses an allowed origin that is not one, naming it', async () => {
    expect((await cli('settings', 'set', 'breakerThreshold', '2.5')).stderr.trim()).toBe('switchboard: breakerThreshold must be a whole number.');
    const origins = await cli('settings', 'set', 'allowedOrigins', 'http://a.com,notaurl');
    expect(origins.code).toBe(2);
    expect(origins.stderr.trim()).toBe(
      'switchboard: allowedOrigins entry "notaurl" is not a web origin; write it as scheme and host, such as https://chat.example.com or http://localhost:*.',
    );
    expect(JSON.parse((await cli('settings', '--json')).stdout).allowedOrigins).not.toContain('http://a.com');
    expect((await cli('settings', 'set', 'allowedOrigins', 'http://localhost:*,https://chat.example.com,app://*')).code).toBe(0);
  }, CLI_TIMEOUT);

  it('settings set refuses a value out of bounds naming the setting as "settings" lists it', async () => {
    const refusals: [string, string, string][] = [
      ['proxyPort', '70000', 'proxyPort must be at most 65535.'],
      ['breakerThreshold', '0', 'breakerThreshold must be at least 1.'],
      ['theme', 'neon', 'theme is "neon"; use one of system, light, dark.'],
      ['language', 'fr', 'language is "fr"; use one of system, en, zh-CN.'],
    ];
    for (const [name, value, sentence] of refusals) {
      const refused = await cli('settings', 'set', name, value);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toBe(`switchboard: ${sentence}\n`);
    }
    expect(JSON.parse((await cli('settings', '--json')).stdout)).toMatchObject({ proxyPort: 17170, breakerThreshold: 3, theme: 'system', language: 'system' });
  }, CLI_TIMEOUT);

  it('settings set --json prints the setting set and its new value, keyed as "settings --json" keys it', async () => {
    const set = await cli('settings', 'set', 'firstByteTimeoutMs', '90s', '--json');
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({ firstByteTimeoutMs: 90000 });
    expect(JSON.parse((await cli('settings', 'set', 'allowedOrigins', 'http://localhost:*,app://*', '--json')).stdout)).toEqual({ allowedOrigins: ['http://localhost:*', 'app://*'] });
    expect(JSON.parse((await cli('settings', '--json')).stdout).firstByteTimeoutMs).toBe(90000);
  }, CLI_TIMEOUT);
});
