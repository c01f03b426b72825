import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerRow, seedLedger } from '../helpers/ledgerRow';
import { runSwitchboard } from '../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

const HOUR = 3_600_000;

/**
 * A ledger where a route's mapping served claude-sonnet-4 as gpt-5.4 on one provider and as
 * itself on another, read back by the real CLI: whole days, whole hours and the latest calls
 * come from the daily, hourly and raw parts of the totals.
 */
describe('switchboard usage --model: totals, the calls list and the CSV count the same calls', () => {
  let t: TempEnv;
  const cli = (...args: string[]) => runSwitchboard(args, t.env);
  const mapped = { requestedModel: 'claude-sonnet-4', servedModel: 'gpt-5.4', provider: 'cheap' };

  beforeAll(() => {
    t = makeTempEnv();
    const now = Date.now();
    seedLedger(t.paths.home, [
      ledgerRow(now - 50 * HOUR, { ...mapped, inputTokens: 100, costUsd: 0.1 }),
      ledgerRow(now - 5 * HOUR, { ...mapped, inputTokens: 200, costUsd: 0.2 }),
      ledgerRow(now - 10 * 60_000, { ...mapped, inputTokens: 400, costUsd: 0.4 }),
      ledgerRow(now - 30 * HOUR, { requestedModel: 'claude-sonnet-4', servedModel: 'claude-sonnet-4', provider: 'native', inputTokens: 1_000, costUsd: 1 }),
      ledgerRow(now - 20 * 60_000, { requestedModel: 'claude-sonnet-4', servedModel: 'claude-sonnet-4', provider: 'native', inputTokens: 2_000, costUsd: 2 }),
      ledgerRow(now - 2 * HOUR, { client: 'codex', requestedModel: 'gpt-5.4', servedModel: 'gpt-5.4', provider: 'cheap', inputTokens: 4_000, costUsd: 4 }),
      ledgerRow(now - 3 * HOUR, { requestedModel: 'claude-opus-4', servedModel: 'gpt-5.4-pro', provider: 'cheap', inputTokens: 8_000, costUsd: 8 }),
    ]);
  });
  afterAll(() => t.cleanup());

  /** The calls each view counts for a --model, by request id, with the input tokens and cost they add up to. */
  async function views(model: string) {
    const totals = JSON.parse((await cli('usage', '--since', '7d', '--model', model, '--json')).stdout).totals;
    const listed = JSON.parse((await cli('usage', '--since', '7d', '--calls', '100', '--model', model, '--json')).stdout) as { total: number; rows: { requestId: string; inputTokens: number; costUsd: number }[] };
    const [head, ...lines] = (await cli('usage', '--since', '7d', '--csv', '-', '--model', model)).stdout.trim().split('\n');
    const column = head.split(',').indexOf('requestId');
    return {
      totals: { calls: totals.calls, inputTokens: totals.inputTokens, costUsd: totals.costUsd },
      listed: {
        calls: listed.total,
        inputTokens: listed.rows.reduce((n, r) => n + r.inputTokens, 0),
        costUsd: Math.round(listed.rows.reduce((n, r) => n + r.costUsd, 0) * 1e6) / 1e6,
      },
      listedIds: listed.rows.map((r) => r.requestId).sort(),
      csvIds: lines.map((line) => line.split(',')[column]).sort(),
    };
  }

  it('a served model counts every call it served, whatever name the call asked for', async () => {
    const v = await views('gpt-5.4');
    expect(v.totals).toEqual({ calls: 4, inputTokens: 4_700, costUsd: 4.7 });
    expect(v.listed).toEqual(v.totals);
    expect(v.csvIds).toEqual(v.listedIds);
  });

  it('a model that a mapping served under another name counts only the calls it served itself', async () => {
    const v = await views('claude-sonnet-4');
    expect(v.totals).toEqual({ calls: 2, inputTokens: 3_000, costUsd: 3 });
    expect(v.listed).toEqual(v.totals);
    expect(v.csvIds).toEqual(v.listedIds);
    expect(v.listedIds).toHaveLength(2);
  });

  it('says which calls asked for the model and were served as another, under the totals, the calls list and the latency', async () => {
    const note = "Not included: 3 calls that asked for claude-sonnet-4 and a route's mapping served as gpt-5.4 (3); --model matches the model that served a call (for those, --model gpt-5.4).";
    for (const extra of [[], ['--calls', '20'], ['--latency']]) {
      const r = await cli('usage', '--since', '7d', '--model', 'claude-sonnet-4', ...extra);
      expect(r.code).toBe(0);
      expect(r.stdout.trim().split('\n').at(-1)).toBe(note);
    }
    // Narrowed to the provider that served it as itself, no call was mapped away.
    expect((await cli('usage', '--since', '7d', '--model', 'claude-sonnet-4', '--provider', 'native')).stdout).not.toContain('Not included');
    // --json stays the figures alone.
    const json = (await cli('usage', '--since', '7d', '--model', 'claude-sonnet-4', '--json')).stdout;
    expect(json).not.toContain('Not included');
    expect(JSON.parse(json).totals.calls).toBe(2);
  });

  it('a model only ever mapped away finds no calls, and says where they went', async () => {
    const r = await cli('usage', '--since', '7d', '--model', 'claude-opus-4');
    expect(r.stdout.trim().split('\n')).toEqual([
      'No calls through the proxy matching --model claude-opus-4 in the last 7d.',
      "Not included: 1 call that asked for claude-opus-4 and a route's mapping served as gpt-5.4-pro (1); --model matches the model that served a call (for those, --model gpt-5.4-pro).",
    ]);
    const v = await views('claude-opus-4');
    expect(v.listed.calls).toBe(0);
    expect(v.csvIds).toEqual([]);
  });
});
