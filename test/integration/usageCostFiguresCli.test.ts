import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliTableRows } from '../helpers/cliTableRows';
import { ledgerRow, seedLedger } from '../helpers/ledgerRow';
import { runSwitchboard } from '../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

/** "$0.012345" as a number of millionths, so sums are whole numbers. */
const millionths = (cost: string): number => {
  expect(cost).toMatch(/^\$\d+\.\d+$/);
  return Math.round(Number(cost.slice(1)) * 1e6);
};

/** Costs of a cent or more that four decimals would round: what a user adds up by hand. */
describe('switchboard usage prints costs that add up', () => {
  let t: TempEnv;
  const cli = async (...args: string[]) => (await runSwitchboard(args, t.env)).stdout;
  const COSTS = [0.012345, 0.012345, 0.012345, 1.500049, 0.0284];

  beforeAll(() => {
    t = makeTempEnv();
    const now = Date.now();
    seedLedger(t.paths.home, COSTS.map((costUsd, i) => ledgerRow(now - (i + 1) * 60_000, { requestId: `sb_${i}`, servedModel: `m${i}`, costUsd })));
  });
  afterAll(() => t.cleanup());

  it("the calls list shows each call's cost as the ledger keeps it", async () => {
    const rows = cliTableRows(await cli('usage', '--calls', '10'));
    expect(rows.map((r) => millionths(r.COST))).toEqual(COSTS.map((c) => Math.round(c * 1e6)));
  });

  it.each(['model', 'provider', 'client', 'day'])('the rows by %s add up to the TOTAL row', async (by) => {
    const rows = cliTableRows(await cli('usage', '--since', '1d', '--by', by));
    const total = rows.find((r) => r[by.toUpperCase()] === 'TOTAL')!;
    const groups = rows.filter((r) => r !== total);
    expect(groups.reduce((sum, r) => sum + millionths(r.COST), 0)).toBe(millionths(total.COST));
    expect(millionths(total.COST)).toBe(Math.round(COSTS.reduce((a, b) => a + b, 0) * 1e6));
  });
});

describe('switchboard usage groups the count of calls without a price', () => {
  let t: TempEnv;
  const UNPRICED = 1200;

  beforeAll(() => {
    t = makeTempEnv();
    const now = Date.now();
    const unpriced = Array.from({ length: UNPRICED }, (_, i) => ledgerRow(now - 60_000 - i, { requestId: `sb_unpriced_${i}`, costUsd: null }));
    seedLedger(t.paths.home, [ledgerRow(now - 30_000, { requestId: 'sb_priced', costUsd: 0.25 }), ...unpriced]);
  });
  afterAll(() => t.cleanup());

  it('as every other count is: "1,200 calls without a price", in the total and the advice under it', async () => {
    const out = (await runSwitchboard(['usage', '--since', '1h'], t.env)).stdout;
    expect(cliTableRows(out).find((r) => r.MODEL === 'TOTAL')).toMatchObject({ CALLS: '1,201', COST: '$0.2500 + 1,200 calls without a price' });
    expect(out).toContain('1,200 calls had no price, so the cost above leaves them out');
  });
});
