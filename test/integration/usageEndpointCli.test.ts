import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliTableRows } from '../helpers/cliTableRows';
import { ledgerRow, seedLedger } from '../helpers/ledgerRow';
import { runSwitchboard } from '../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

/** The CSV columns before the endpoint was kept: scripts read them by position. */
const EARLIER_CSV_COLUMNS = 'id,ts,requestId,client,provider,requestedModel,servedModel,protocolIn,protocolOut,streamed,status,errorClass,errorMessage,inputTokens,outputTokens,cacheReadTokens,cacheWriteTokens,reasoningTokens,estimated,ttfbMs,totalMs,attempts,failedProviders,upstreamRequestId,costUsd';

/** A ledger with calls to several endpoints, one recorded before the endpoint was kept, read back by the real CLI. */
describe('switchboard usage shows the endpoint of each call and which counts were estimated', () => {
  let t: TempEnv;
  const cli = (...args: string[]) => runSwitchboard(args, t.env);

  beforeAll(() => {
    t = makeTempEnv();
    const now = Date.now();
    seedLedger(
      t.paths.home,
      [
        // Alone in its totals rows (the only hermes call), which the upgrade keeps under the endpoint ''.
        ledgerRow(now - 40_000, { requestId: 'sb_old', client: 'hermes', endpoint: 'chat', inputTokens: 1_111, outputTokens: 11 }),
        ledgerRow(now - 30_000, { requestId: 'sb_embed', endpoint: 'embeddings', protocolIn: 'chat', inputTokens: 2_222, outputTokens: 0 }),
        ledgerRow(now - 20_000, { requestId: 'sb_cut', endpoint: 'messages', estimatedCounts: 'output', inputTokens: 3_333, outputTokens: 33 }),
        ledgerRow(now - 10_000, { requestId: 'sb_guess', endpoint: 'chat', protocolIn: 'chat', estimatedCounts: 'all', inputTokens: 4_444, outputTokens: 44 }),
      ],
      // What a call recorded before the ledger kept the endpoint looks like after the upgrade.
      (db) => {
        db.prepare("UPDATE usage_calls SET endpoint = NULL WHERE request_id = 'sb_old'").run();
        for (const table of ['usage_quarterly', 'usage_hourly', 'usage_daily']) db.prepare(`UPDATE ${table} SET endpoint = '' WHERE client = 'hermes'`).run();
      },
    );
  });
  afterAll(() => t.cleanup());

  it('the calls list has an ENDPOINT column, "unknown" for older calls, and marks only the counts that were estimated', async () => {
    const r = await cli('usage', '--calls', '10');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0].split(/\s{2,}/).slice(0, 8)).toEqual(['ID', 'TIME', 'CLIENT', 'ENDPOINT', 'PROVIDER', 'MODEL', 'STATUS', 'INPUT']);
    const rows = cliTableRows(r.stdout);
    expect(rows.map((row) => [row.ENDPOINT, row.INPUT, row.OUTPUT])).toEqual([
      ['chat', '~4,444', '~44'],
      ['messages', '3,333', '~33'],
      ['embeddings', '2,222', '0'],
      ['unknown', '1,111', '11'],
    ]);
  });

  it('--json rows and the CSV carry the endpoint and which counts were estimated, the CSV after its earlier columns', async () => {
    const { rows } = JSON.parse((await cli('usage', '--calls', '10', '--json')).stdout) as { rows: { requestId: string; endpoint: string | null; estimated: boolean; estimatedCounts: string | null }[] };
    expect(rows.map((r) => [r.requestId, r.endpoint, r.estimated, r.estimatedCounts])).toEqual([
      ['sb_guess', 'chat', true, 'all'],
      ['sb_cut', 'messages', true, 'output'],
      ['sb_embed', 'embeddings', false, null],
      ['sb_old', null, false, null],
    ]);
    const [header, ...lines] = (await cli('usage', '--csv', '-')).stdout.trim().split('\n');
    expect(header).toBe(`${EARLIER_CSV_COLUMNS},endpoint,estimatedCounts,cacheWrite1hTokens`);
    expect(lines.map((line) => line.split(',').slice(-3))).toEqual([
      ['chat', 'all', '0'],
      ['messages', 'output', '0'],
      ['embeddings', '', '0'],
      ['', '', '0'],
    ]);
  });

  it('--endpoint lists only the calls to one endpoint, and is refused with one sentence when unknown', async () => {
    const { rows } = JSON.parse((await cli('usage', '--calls', '10', '--endpoint', 'embeddings', '--json')).stdout) as { rows: { requestId: string }[] };
    expect(rows.map((r) => r.requestId)).toEqual(['sb_embed']);
    expect((await cli('usage', '--csv', '-', '--endpoint', 'messages')).stdout.trim().split('\n')).toHaveLength(2);
    expect((await cli('usage', '--calls', '10', '--endpoint', 'moderations')).stdout.trim()).toBe('No calls through the proxy matching --endpoint moderations in the last 24h.');

    const unknown = await cli('usage', '--calls', '10', '--endpoint', 'completions');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe(
      'switchboard: --endpoint must be one of messages, chat, responses, embeddings, images.generations, images.edits, audio.speech, audio.transcriptions, audio.translations, moderations, not "completions".',
    );
  });

  it('--by endpoint totals per endpoint, older calls under "unknown" as in the calls list', async () => {
    const r = await cli('usage', '--by', 'endpoint');
    expect(r.code).toBe(0);
    // Groups come by cost, and these cost the same: compared in name order, TOTAL last.
    const rows = cliTableRows(r.stdout).map((row) => [row.ENDPOINT, row.CALLS, row.INPUT]);
    expect([...rows.slice(0, -1).sort((a, b) => a[0].localeCompare(b[0])), rows.at(-1)]).toEqual([
      ['chat', '1', '4,444'],
      ['embeddings', '1', '2,222'],
      ['messages', '1', '3,333'],
      ['unknown', '1', '1,111'],
      ['TOTAL', '4', '11,110'],
    ]);
    const { groups } = JSON.parse((await cli('usage', '--by', 'endpoint', '--json')).stdout) as { groups: { key: string; calls: number }[] };
    expect(groups.map((g) => g.key).sort()).toEqual(['', 'chat', 'embeddings', 'messages']);
    // Per local day too, and in the dashboard's chart per day.
    expect(JSON.parse((await cli('usage', '--by', 'day', '--endpoint', 'embeddings', '--json')).stdout).totals).toMatchObject({ calls: 1, inputTokens: 2_222 });
  });

  it('--endpoint narrows the totals and the latency to the calls the list and the CSV hold', async () => {
    for (const endpoint of ['chat', 'embeddings', 'messages']) {
      const totals = JSON.parse((await cli('usage', '--endpoint', endpoint, '--json')).stdout).totals;
      const listed = JSON.parse((await cli('usage', '--calls', '100', '--endpoint', endpoint, '--json')).stdout) as { total: number; rows: { inputTokens: number }[] };
      const csvLines = (await cli('usage', '--csv', '-', '--endpoint', endpoint)).stdout.trim().split('\n').length - 1;
      expect(totals, endpoint).toMatchObject({ calls: listed.total, inputTokens: listed.rows.reduce((n, row) => n + row.inputTokens, 0) });
      expect(csvLines, endpoint).toBe(listed.total);
      const latency = JSON.parse((await cli('usage', '--latency', '--endpoint', endpoint, '--json')).stdout) as { calls: number }[];
      expect(latency.reduce((n, row) => n + row.calls, 0), endpoint).toBe(listed.total);
    }
  });
});
