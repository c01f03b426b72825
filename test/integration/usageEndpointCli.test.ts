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
        ledgerRow(now - 40_000, { requestId: 'sb_old', endpoint: 'chat', inputTokens: 1_111, outputTokens: 11 }),
        ledgerRow(now - 30_000, { requestId: 'sb_embed', endpoint: 'embeddings', protocolIn: 'chat', inputTokens: 2_222, outputTokens: 0 }),
        ledgerRow(now - 20_000, { requestId: 'sb_cut', endpoint: 'messages', estimatedCounts: 'output', inputTokens: 3_333, outputTokens: 33 }),
        ledgerRow(now - 10_000, { requestId: 'sb_guess', endpoint: 'chat', protocolIn: 'chat', estimatedCounts: 'all', inputTokens: 4_444, outputTokens: 44 }),
      ],
      // What a call recorded before the ledger kept the endpoint looks like after the upgrade.
      (db) => db.prepare("UPDATE usage_calls SET endpoint = NULL WHERE request_id = 'sb_old'").run(),
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

  it('--endpoint lists only the calls to one endpoint, and is refused with one sentence when unknown or without a calls list', async () => {
    const { rows } = JSON.parse((await cli('usage', '--calls', '10', '--endpoint', 'embeddings', '--json')).stdout) as { rows: { requestId: string }[] };
    expect(rows.map((r) => r.requestId)).toEqual(['sb_embed']);
    expect((await cli('usage', '--csv', '-', '--endpoint', 'messages')).stdout.trim().split('\n')).toHaveLength(2);
    expect((await cli('usage', '--calls', '10', '--endpoint', 'moderations')).stdout.trim()).toBe('No calls through the proxy matching --endpoint moderations in the last 24h.');

    const unknown = await cli('usage', '--calls', '10', '--endpoint', 'completions');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe(
      'switchboard: --endpoint must be one of messages, chat, responses, embeddings, images.generations, images.edits, audio.speech, audio.transcriptions, audio.translations, moderations, not "completions".',
    );
    const totals = await cli('usage', '--endpoint', 'chat');
    expect(totals.code).toBe(2);
    expect(totals.stderr.trim()).toBe(
      'switchboard: --endpoint only picks which calls --calls or --csv list (for example "switchboard usage --calls 20 --endpoint chat"); the totals do not keep the endpoint.',
    );
  });
});
