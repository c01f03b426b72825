import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless } from '../../electron/headless';
import { dispatch } from '../../electron/core/rpc';
import type { ChannelOutput } from '../../shared/contract';
import { startGateway, type Gateway } from '../fixtures/gateway';
import { freePort } from '../helpers/freePort';
import { runSwitchboard } from '../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

type Running = Awaited<ReturnType<typeof startHeadless>>;
type Row = ChannelOutput<'usage.calls'>['rows'][number];

/** Each CLI run is a fresh Node process; several per test on a busy machine. */
const CLI_TIMEOUT = 120_000;

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
    expect(rows.find((r) => r.id === ids.cancelled)!.failure).toBeNull();
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
