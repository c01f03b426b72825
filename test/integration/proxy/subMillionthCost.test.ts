import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usd } from '../../../shared/moneyFigures';
import { cliTableRows } from '../../helpers/cliTableRows';
import { runSwitchboard } from '../../helpers/runCli';
import { openAiFor, startProxyHarness, type ProxyHarness } from '../../helpers/proxyHarness';

const MODEL = 'text-embedding-3-small';
/** $ per million input tokens: an 11-token call costs $0.00000022, under a millionth. */
const INPUT_PRICE = 0.02;
const CALLS = 50;

describe('calls that cost less than a millionth of a dollar each', () => {
  let h: ProxyHarness;
  let tokensEach = 0;
  beforeAll(async () => {
    h = await startProxyHarness({ protocols: ['chat'] });
    await h.running.app.handlers['prices.set']({ provider: 'gw', model: MODEL, input: INPUT_PRICE, output: 0 });
    const openai = openAiFor(h, 'chat');
    for (let i = 0; i < CALLS; i++) await openai.embeddings.create({ model: MODEL, input: 'The quick brown fox jumps over the lazy dog.' });
    tokensEach = (await h.lastRow()).inputTokens;
  }, 60_000);
  afterAll(() => h.close());

  it('each keeps its cost unrounded in the ledger file, not $0', async () => {
    expect(tokensEach).toBeGreaterThan(0);
    const each = (tokensEach * INPUT_PRICE) / 1e6;
    expect(each).toBeLessThan(5e-7);
    const { rows } = await h.running.app.handlers['usage.calls']({ since: '1h', limit: CALLS, offset: 0, outcome: 'all', endpoint: 'embeddings' });
    expect(rows).toHaveLength(CALLS);
    for (const row of rows) expect(row.costUsd).toBeCloseTo(each, 15);
    const stored = h.running.app.db.prepare('SELECT cost_usd FROM usage_calls').pluck().all() as number[];
    for (const cost of stored) expect(cost).toBeCloseTo(each, 15);
  });

  it('sum in every totals table, and in usage, to what they cost together', async () => {
    const together = (CALLS * tokensEach * INPUT_PRICE) / 1e6;
    for (const table of ['usage_quarterly', 'usage_hourly', 'usage_daily']) {
      expect(h.running.app.db.prepare(`SELECT sum(cost_usd) FROM ${table}`).pluck().get()).toBeCloseTo(together, 15);
    }
    const summary = await h.running.app.handlers['usage.summary']({ since: '1h', by: 'model' });
    expect(summary.totals.costUsd).toBe(Math.round(together * 1e6) / 1e6);
    expect(summary.totals.costUsd).toBeGreaterThan(0);
    const printed = (await runSwitchboard(['usage', '--since', '1h'], h.t.env)).stdout;
    const total = cliTableRows(printed).find((r) => r.MODEL === 'TOTAL');
    expect(total).toMatchObject({ CALLS: String(CALLS), COST: usd(summary.totals.costUsd) });
  });

  it('show as under a millionth one by one, not as $0.0000, which reads as free', async () => {
    const listed = cliTableRows((await runSwitchboard(['usage', '--calls', '5', '--since', '1h'], h.t.env)).stdout);
    expect(listed).toHaveLength(5);
    for (const row of listed) expect(row.COST).toBe('<$0.000001');
  });
});
