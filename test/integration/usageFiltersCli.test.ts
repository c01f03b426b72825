import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerRow, seedLedger } from '../helpers/ledgerRow';
import { runSwitchboard } from '../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

const HOUR = 3_600_000;

/** A ledger with two providers (no failed or cancelled call on gw), read back by the real CLI. */
describe('switchboard usage narrowed by --provider, --client and --model', () => {
  let t: TempEnv;
  const cli = (...args: string[]) => runSwitchboard(args, t.env);

  beforeAll(() => {
    t = makeTempEnv();
    const now = Date.now();
    // Three days back (whole days and hours in the totals tables) up to a few minutes ago.
    seedLedger(t.paths.home, [
      ledgerRow(now - 50 * HOUR, { provider: 'gw', inputTokens: 100 }),
      ledgerRow(now - 5 * HOUR, { provider: 'gw', client: 'codex', servedModel: 'm2', inputTokens: 200, totalMs: 300 }),
      ledgerRow(now - 60 * HOUR, { provider: 'other', inputTokens: 1_000, totalMs: 4_000 }),
      ledgerRow(now - 3 * HOUR, { provider: 'other', client: 'codex', servedModel: 'm2', inputTokens: 2_000, totalMs: 5_000 }),
      ledgerRow(now - 5 * 60_000, { provider: 'other', status: 502, errorClass: 'server', inputTokens: 0, costUsd: 0 }),
    ]);
  });
  afterAll(() => t.cleanup());

  it('totals count only the calls of the provider, client or model asked for', async () => {
    const totals = async (...filter: string[]) => JSON.parse((await cli('usage', '--since', '7d', '--by', 'provider', '--json', ...filter)).stdout).totals;
    expect(await totals()).toMatchObject({ calls: 5, inputTokens: 3_300 });
    expect(await totals('--provider', 'other')).toMatchObject({ calls: 3, errors: 1, inputTokens: 3_000 });
    expect(await totals('--client', 'codex')).toMatchObject({ calls: 2, inputTokens: 2_200 });
    expect(await totals('--provider', 'gw', '--model', 'm2')).toMatchObject({ calls: 1, inputTokens: 200 });

    const byDay = JSON.parse((await cli('usage', '--since', '7d', '--by', 'day', '--provider', 'other', '--json')).stdout);
    expect(byDay.totals).toMatchObject({ calls: 3, inputTokens: 3_000 });

    const human = await cli('usage', '--since', '7d', '--by', 'provider', '--provider', 'other');
    expect(human.stdout).toMatch(/^other\s+3\s+1\s+3,000/m);
    expect(human.stdout).not.toMatch(/^gw\s/m);
    expect(human.stdout).toMatch(/TOTAL\s+3\s+1\s+3,000/);
  });

  it('latency covers only the provider asked for', async () => {
    const all = JSON.parse((await cli('usage', '--latency', '--since', '7d', '--json')).stdout) as { provider: string }[];
    expect(all.map((r) => r.provider).sort()).toEqual(['gw', 'other']);
    const other = JSON.parse((await cli('usage', '--latency', '--since', '7d', '--provider', 'other', '--json')).stdout);
    expect(other).toEqual([expect.objectContaining({ provider: 'other', calls: 3, errors: 1, p50Ms: 4_000 })]);
    const codex = JSON.parse((await cli('usage', '--latency', '--since', '7d', '--client', 'codex', '--json')).stdout) as { provider: string; calls: number }[];
    expect(codex.map((r) => [r.provider, r.calls]).sort()).toEqual([['gw', 1], ['other', 1]]);
  });

  it('a provider with no calls in the window says so, in totals, latency and the calls list', async () => {
    // gw and other exist only in the ledger (as a removed provider's calls do); a configured provider may have none yet.
    expect((await cli('provider', 'add', 'fresh', '--base-url', 'https://fresh.example.com', '--key', 'sk-fresh-0000000000000000')).code).toBe(0);
    for (const [provider, since] of [['gw', '1h'], ['fresh', '7d']]) {
      for (const extra of [[], ['--latency'], ['--calls', '20']]) {
        const r = await cli('usage', '--since', since, '--provider', provider, ...extra);
        expect(r.code).toBe(0);
        expect(r.stdout.trim()).toBe(`No calls through the proxy matching --provider ${provider} in the last ${since}.`);
      }
    }
  });

  it("a removed provider's calls still show under its name", async () => {
    expect((await cli('provider', 'add', 'gw', '--base-url', 'https://gw.example.com', '--key', 'sk-gw-00000000000000000000')).code).toBe(0);
    expect((await cli('provider', 'rm', 'gw')).code).toBe(0);
    const r = await cli('usage', '--since', '7d', '--provider', 'gw', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).totals).toMatchObject({ calls: 2, inputTokens: 300 });
  });

  it('a provider name that never existed and left no calls is refused in one sentence, in totals, latency, the calls list and CSV', async () => {
    for (const extra of [[], ['--latency'], ['--calls', '20'], ['--csv', '-'], ['--json']]) {
      const r = await cli('usage', '--since', '7d', '--provider', 'nosuch', ...extra);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('switchboard: There is no provider named "nosuch" and no calls recorded for it; providers with settings or calls: fresh, gw, other.\n');
    }
  });

  it('an empty calls list says which calls it looked for', async () => {
    expect((await cli('usage', '--calls', '20', '--errors', '--provider', 'gw', '--since', '7d')).stdout.trim()).toBe('No failed calls through the proxy matching --provider gw in the last 7d.');
    expect((await cli('usage', '--calls', '20', '--cancelled')).stdout.trim()).toBe('No cancelled calls through the proxy in the last 24h.');
    expect((await cli('usage', '--calls', '20', '--errors', '--client', 'codex', '--model', 'm2')).stdout.trim()).toBe('No failed calls through the proxy matching --client codex --model m2 in the last 24h.');
  });

  it('--calls takes a whole number from one to a thousand, and says so otherwise instead of listing fewer', async () => {
    for (const given of ['2.5', '0', 'ten']) {
      const refused = await cli('usage', '--calls', given);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr.trim()).toBe(`switchboard: --calls takes a whole number of 1 or more, not "${given}".`);
    }
    const many = await cli('usage', '--calls', '5000');
    expect(many.code).toBe(2);
    expect(many.stderr.trim()).toBe('switchboard: --calls lists at most 1,000 calls, not 5000; "switchboard usage --csv -" prints every call.');
    expect(JSON.parse((await cli('usage', '--calls', '1000', '--since', '7d', '--json')).stdout).rows.length).toBeGreaterThan(1);
    expect(JSON.parse((await cli('usage', '--calls', '1', '--since', '7d', '--json')).stdout).rows).toHaveLength(1);
  });

  it('--errors and --cancelled are refused outside --calls and --csv, with what they filter and what to use', async () => {
    for (const extra of [[], ['--latency'], ['--by', 'provider']]) {
      const errors = await cli('usage', '--errors', ...extra);
      expect(errors.code).toBe(2);
      expect(errors.stdout).toBe('');
      expect(errors.stderr.trim()).toBe(
        'switchboard: --errors only picks which calls --calls or --csv list (for example "switchboard usage --calls 20 --errors"); totals and --latency count failed calls in their ERRORS column.',
      );
      const cancelled = await cli('usage', '--cancelled', ...extra);
      expect(cancelled.code).toBe(2);
      expect(cancelled.stderr.trim()).toBe(
        'switchboard: --cancelled only picks which calls --calls or --csv list (for example "switchboard usage --calls 20 --cancelled"); totals count cancelled calls on a line of their own, and --latency leaves them out.',
      );
    }
    expect((await cli('usage', '--calls', '20', '--errors')).stdout).toMatch(/\b502 server\b/);
    expect((await cli('usage', '--csv', '-', '--errors')).stdout.trim().split('\n')).toHaveLength(2);
  });
});
