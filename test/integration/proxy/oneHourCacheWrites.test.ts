import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { usd } from '../../../shared/moneyFigures';
import { cliTableRows } from '../../helpers/cliTableRows';
import { runSwitchboard } from '../../helpers/runCli';
import { anthropicFor, startProxyHarness, type ProxyHarness } from '../../helpers/proxyHarness';

const MODEL = 'claude-sonnet-4-6';
/** $ per million tokens, as Anthropic prices Sonnet: a 5-minute write is 1.25 x input, a 1-hour one 2 x. */
const PRICE = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };
/** 200 uncached input tokens, 1,000 cache writes of which 600 kept an hour, 20 output tokens. */
const USAGE = { promptTokens: 1200, cacheWriteTokens: 1000, cacheWrite1hTokens: 600, completionTokens: 20 };
const costWith = (oneHourPrice: number) => (200 * PRICE.input + 20 * PRICE.output + 400 * PRICE.cacheWrite + 600 * oneHourPrice) / 1e6;

describe('1-hour cache writes, which Anthropic reports apart and bills at twice the input price', () => {
  let h: ProxyHarness;
  const cli = (...args: string[]) => runSwitchboard(args, h.t.env);
  beforeAll(async () => {
    h = await startProxyHarness({ protocols: ['anthropic'] });
    const set = await cli('price', 'set', 'gw', MODEL, '--input', '3', '--output', '15', '--cache-read', '0.3', '--cache-write', '3.75');
    expect(set.code).toBe(0);
  });
  afterAll(() => h.close());
  beforeEach(() => h.gateway.script({ kind: 'text', text: 'From the cache.', usage: USAGE }));

  const ask = (stream: boolean) =>
    stream
      ? anthropicFor(h).messages.stream({ model: MODEL, max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }).finalMessage()
      : anthropicFor(h).messages.create({ model: MODEL, max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });

  it.each([false, true])('streamed: %s; the row keeps the 1-hour writes and prices them at twice the input price, unless set', async (stream) => {
    await ask(stream);
    const row = await h.lastRow();
    expect(row).toMatchObject({ cacheWriteTokens: 1000, cacheWrite1hTokens: 600, inputTokens: 200, outputTokens: 20 });
    expect(row.costUsd).toBeCloseTo(costWith(2 * PRICE.input), 15);
  });

  it('a 1-hour write price set by hand is the one charged, and stored with the model in the database', async () => {
    const set = await cli('price', 'set', 'gw', MODEL, '--input', '3', '--output', '15', '--cache-read', '0.3', '--cache-write', '3.75', '--cache-write-1h', '7');
    expect(set.stdout).toContain('$7 1-hour cache write');
    expect(JSON.parse((await cli('price', 'list', '--json')).stdout)).toEqual([expect.objectContaining({ model: MODEL, cacheWrite1h: 7 })]);
    await ask(false);
    expect((await h.lastRow()).costUsd).toBeCloseTo(costWith(7), 15);
    // The CSV gives the 1-hour writes in a column of their own, after the earlier ones.
    const csv = (await cli('usage', '--csv', '-')).stdout.trim().split('\n');
    expect(csv[0].split(',').at(-1)).toBe('cacheWrite1hTokens');
    expect(csv[1].split(',').at(-1)).toBe('600');
  });

  it('a 1-hour price set back to null (the window\u2019s blank field) is the default again, not the earlier price\u2019s ratio to input', async () => {
    const set = (cacheWrite1h: number | null | undefined) => h.running.app.handlers['prices.set']({ provider: 'gw', model: MODEL, ...PRICE, input: 4, cacheWrite1h });
    expect(await set(7)).toMatchObject({ cacheWrite1h: 7, cacheWrite1hCharged: 7 });
    // Absent (the command line without --cache-write-1h): 7 keeps its ratio to input.
    expect(await set(undefined)).toMatchObject({ cacheWrite1h: 7, cacheWrite1hCharged: 7 });
    expect(await set(null)).toMatchObject({ cacheWrite1h: null, cacheWrite1hCharged: 8 });
    await ask(false);
    expect((await h.lastRow()).costUsd).toBeCloseTo((200 * 4 + 20 * PRICE.output + 400 * PRICE.cacheWrite + 600 * 8) / 1e6, 15);
  });

  it('the command line sets a 1-hour price back to its default with --cache-write-1h default, and says what it is', async () => {
    const args = ['price', 'set', 'gw', MODEL, '--input', '3', '--output', '15', '--cache-read', '0.3', '--cache-write', '3.75'];
    expect((await cli(...args, '--cache-write-1h', '7')).stdout).toContain('$7 1-hour cache write per million');
    expect((await cli('price', 'list')).stdout).toMatch(new RegExp(`${MODEL}\\s+3\\s+15\\s+0\\.3\\s+3\\.75\\s+7\\s+manual`));
    const back = await cli(...args, '--cache-write-1h', 'default');
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('$6 1-hour cache write (twice the input price, the default)');
    expect(JSON.parse((await cli('price', 'list', '--json')).stdout)).toEqual([expect.objectContaining({ model: MODEL, cacheWrite1h: null, cacheWrite1hCharged: 6 })]);
    // The table says what 1-hour writes cost, and that it is the default rather than a price set.
    expect((await cli('price', 'list')).stdout).toMatch(new RegExp(`${MODEL}\\s+3\\s+15\\s+0\\.3\\s+3\\.75\\s+6 \\(2x input\\)\\s+manual`));
    await ask(false);
    expect((await h.lastRow()).costUsd).toBeCloseTo(costWith(6), 15);
  });

  it('a model whose cache-write price is unset has no price for 1-hour writes either, rather than a guessed one', async () => {
    expect((await cli('price', 'rm', 'gw', MODEL)).code).toBe(0);
    expect((await cli('price', 'set', 'gw', MODEL, '--input', '3', '--output', '15', '--cache-read', '0.3')).code).toBe(0);
    await ask(false);
    expect((await h.lastRow()).costUsd).toBeNull();
  });

  it('every total and the calls list show the 1-hour writes apart, inside the cache writes, and the cost shown is the sum of the calls\u2019 costs', async () => {
    const { rows: calls } = JSON.parse((await cli('usage', '--calls', '100', '--json')).stdout) as { rows: { cacheWriteTokens: number; cacheWrite1hTokens: number; costUsd: number | null }[] };
    expect(calls.length).toBeGreaterThan(3);
    const sum = (of: (c: (typeof calls)[number]) => number) => calls.reduce((n, c) => n + of(c), 0);
    const expected = {
      calls: calls.length,
      cacheWriteTokens: sum((c) => c.cacheWriteTokens),
      cacheWrite1hTokens: sum((c) => c.cacheWrite1hTokens),
      costUsd: Math.round(sum((c) => c.costUsd ?? 0) * 1e6) / 1e6,
      unpricedCalls: calls.filter((c) => c.costUsd === null).length,
    };
    expect(expected.cacheWrite1hTokens).toBe(600 * calls.length);
    for (const by of ['model', 'provider', 'client', 'day']) {
      const summary = JSON.parse((await cli('usage', '--by', by, '--json')).stdout);
      expect(summary.totals, by).toMatchObject(expected);
      expect(summary.groups.reduce((n: number, g: { cacheWrite1hTokens: number }) => n + g.cacheWrite1hTokens, 0), by).toBe(expected.cacheWrite1hTokens);
    }
    const series = await h.running.app.handlers['usage.timeseries']({ since: '24h', bucket: 'hour', by: 'model' });
    expect(series.reduce((n, row) => n + row.cacheWrite1hTokens, 0)).toBe(expected.cacheWrite1hTokens);

    // The tables: CACHE WRITE counts every write, INCL. 1H the part of it kept an hour.
    const total = cliTableRows((await cli('usage')).stdout).find((row) => row.MODEL === 'TOTAL')!;
    expect(total).toMatchObject({ 'CACHE WRITE': expected.cacheWriteTokens.toLocaleString('en-US'), 'INCL. 1H': expected.cacheWrite1hTokens.toLocaleString('en-US') });
    // The calls' costs summed here, printed as every figure is: the priced ones, and the call without a price.
    expect(total.COST).toBe(`${usd(expected.costUsd)} + 1 call without a price`);
    const listed = cliTableRows((await cli('usage', '--calls', '100')).stdout);
    expect(listed.map((row) => [row['CACHE WRITE'], row['INCL. 1H']])).toEqual(calls.map(() => ['1,000', '600']));
  });
});
