import { describe, expect, it } from 'vitest';
import { auditBilling, type GatewayCall, type LedgerCall } from '../../../electron/core/accounts/audit';
import { auditIncompleteSentence, auditNoteSentence } from '../../../shared/auditSentences';
import { roundUsd } from '../../../electron/core/usage/cost';

const QPU = 500_000;
const T0 = Date.UTC(2026, 0, 10, 12, 0, 0);
const options = { account: 'gw', providers: ['gw'], from: T0 - 3_600_000, to: T0 + 86_400_000 * 2, quotaPerUnit: QPU, tolerance: 0.02, dayOf: (ts: number) => new Date(ts).toISOString().slice(0, 10) };

/** A ledger row and the gateway log an honest gateway writes for it (gpt-5.4: $2.5/M in, $15/M out). */
function call(i: number, overrides: { ledger?: Partial<LedgerCall>; gateway?: Partial<GatewayCall> } = {}): { ledger: LedgerCall; gateway: GatewayCall } {
  const ts = T0 + i * 10_000;
  const input = 1000 + i;
  const output = 200 + i;
  const costUsd = Math.round(((input * 2.5 + output * 15) / 1e6) * 1e6) / 1e6;
  const ledger: LedgerCall = {
    ts,
    outcome: 'ok',
    totalMs: 1500,
    requestId: `sb-${i}`,
    upstreamRequestId: null,
    provider: 'gw',
    requestedModel: 'gpt-5.4',
    servedModel: 'gpt-5.4',
    inputTokens: input,
    outputTokens: output,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    estimatedCounts: null,
    costUsd,
    ...overrides.ledger,
  };
  const gateway: GatewayCall = {
    ts: Math.floor((ts + 1500) / 1000) * 1000,
    model: 'gpt-5.4',
    promptTokens: input,
    completionTokens: output,
    quota: Math.round(costUsd * QPU),
    requestId: `gw-${i}`,
    ...overrides.gateway,
  };
  return { ledger, gateway };
}

function run(pairs: { ledger: LedgerCall; gateway: GatewayCall }[], extraGateway: GatewayCall[] = [], extraLedger: LedgerCall[] = []) {
  return auditBilling([...pairs.map((p) => p.gateway), ...extraGateway], [...pairs.map((p) => p.ledger), ...extraLedger], options);
}

describe('billing audit', () => {
  it('reports no discrepancy on an honest run', () => {
    const report = run([0, 1, 2, 3, 4].map((i) => call(i)));
    expect(report.totals).toMatchObject({ gatewayCalls: 5, ledgerCalls: 5, matched: 5, discrepancies: 0, overchargeUsd: 0 });
    expect(report.calls.every((c) => c.issues.length === 0)).toBe(true);
    expect(report.totals.billedUsd).toBeCloseTo(report.totals.expectedUsd, 5);
  });

  it('finds a call the proxy never made and counts its whole bill as overcharge', () => {
    const phantom: GatewayCall = { ts: T0 + 500_000, model: 'claude-opus-4-7', promptTokens: 5000, completionTokens: 800, quota: 40_000, requestId: 'ghost' };
    const report = run([call(0), call(1)], [phantom]);
    expect(report.totals.discrepancies).toBe(1);
    const found = report.calls.find((c) => c.issues.includes('not_made_by_proxy'))!;
    expect(found.gateway?.requestId).toBe('ghost');
    expect(found.ledger).toBeNull();
    expect(report.totals.overchargeUsd).toBeCloseTo(40_000 / QPU, 6);
  });

  it('flags inflated completion tokens and the charge that follows from them', () => {
    const honest = call(2);
    const inflated = call(3, {});
    inflated.gateway.completionTokens *= 2;
    inflated.gateway.quota = Math.round(((inflated.ledger.inputTokens * 2.5 + inflated.gateway.completionTokens * 15) / 1e6) * QPU);
    const report = run([honest, inflated]);
    const flagged = report.calls.filter((c) => c.issues.length);
    expect(flagged).toHaveLength(1);
    expect(flagged[0].issues).toEqual(['tokens_differ', 'charge_differs']);
    expect(flagged[0].notes[0]).toEqual({ code: 'tokens_differ', billedPrompt: 1003, billedCompletion: 406, proxyPrompt: 1003, proxyCompletion: 203 });
    expect(auditNoteSentence(flagged[0].notes[0])).toBe('The gateway billed 1,003 prompt and 406 completion tokens; the proxy saw 1,003 and 203.');
    expect(report.totals.overchargeUsd).toBeGreaterThan(0);
  });

  it('pairs a substituted model by time and prompt size, and flags it', () => {
    const substituted = call(4, { gateway: { model: 'gpt-5.4-mini' } });
    const report = run([call(1), substituted]);
    const flagged = report.calls.filter((c) => c.issues.length);
    expect(flagged).toHaveLength(1);
    expect(flagged[0].issues).toContain('model_differs');
    expect(flagged[0].ledger?.requestId).toBe('sb-4');
    expect(report.totals.byIssue.not_made_by_proxy).toBeUndefined();
  });

  it('keeps differences within the tolerance quiet', () => {
    const close = call(5, { gateway: { promptTokens: 1005 + 10, completionTokens: 206 } });
    expect(run([close]).totals.discrepancies).toBe(0);
    const far = call(5, { gateway: { promptTokens: 1005 + 100 } });
    expect(run([far]).calls[0].issues).toContain('tokens_differ');
  });

  it('pairs by the gateway request id first, even out of time order', () => {
    const a = call(0, { ledger: { upstreamRequestId: 'gw-1' } });
    const b = call(1, { ledger: { upstreamRequestId: 'gw-0' } });
    // The ids cross: a's row carries b's log id and vice versa, so id pairing must win over time.
    const report = auditBilling([a.gateway, b.gateway], [a.ledger, b.ledger], options);
    const first = report.calls.find((c) => c.gateway?.requestId === 'gw-0')!;
    expect(first.ledger?.requestId).toBe('sb-1');
  });

  it('notes ledger calls the gateway did not bill without counting them against it, and reports per day', () => {
    const nextDay = call(0, { ledger: { ts: T0 + 86_400_000 } });
    const report = auditBilling([call(1).gateway], [call(1).ledger, nextDay.ledger], options);
    expect(report.totals.byIssue.not_billed).toBe(1);
    expect(report.totals.discrepancies).toBe(0);
    expect(report.days.map((d) => d.day)).toEqual(['2026-01-10', '2026-01-11']);
    expect(report.days[1]).toMatchObject({ gatewayCalls: 0, ledgerCalls: 1, matched: 0 });
  });

  it('cannot judge the charge of a call without a price, and says how many such calls it left out', () => {
    const unpriced = call(6, { ledger: { costUsd: null }, gateway: { quota: 999_999 } });
    const report = run([call(5), unpriced]);
    expect(report.totals).toMatchObject({ matched: 2, discrepancies: 0, unpricedCalls: 1, overchargeUsd: 0 });
    expect(report.totals.expectedUsd).toBe(call(5).ledger.costUsd);
    expect(report.days[0].unpricedCalls).toBe(1);
    expect(report.calls.find((c) => c.ledger?.requestId === 'sb-6')?.ledger?.costUsd).toBeNull();
  });

  it('takes the bill of a call its client abandoned or whose stream broke off as it is: the proxy saw only part of it', () => {
    const cancelled = call(7, { ledger: { outcome: 'cancelled', outputTokens: 40, costUsd: 0.003 } });
    const broken = call(8, { ledger: { outcome: 'failed_mid_stream', outputTokens: 12, costUsd: 0.0027 } });
    const report = run([call(5), cancelled, broken]);
    expect(report.totals).toMatchObject({ matched: 3, discrepancies: 0, overchargeUsd: 0 });
    expect(report.totals.byIssue).toEqual({});
    // Expected is the honest call's price plus what the gateway billed for the two cut short.
    const billed = (c: ReturnType<typeof call>) => c.gateway.quota / QPU;
    expect(report.totals.expectedUsd).toBeCloseTo(call(5).ledger.costUsd! + billed(cancelled) + billed(broken), 6);
    const note = report.calls.find((c) => c.ledger?.requestId === 'sb-7')!.notes[0];
    expect(note).toEqual({ code: 'client_left', proxyCompletion: 40, billedCompletion: cancelled.gateway.completionTokens });
    expect(report.calls.find((c) => c.ledger?.requestId === 'sb-8')!.notes).toEqual([{ code: 'stream_broke_off', proxyCompletion: 12, billedCompletion: broken.gateway.completionTokens }]);
    expect(auditNoteSentence(note)).toBe(`Its client left before the end, after the proxy saw 40 completion tokens; the gateway billed ${cancelled.gateway.completionTokens}, which the proxy cannot check.`);
  });

  it('takes the bill of a call whose counts the proxy only estimated as it is, and says so', () => {
    // The gateway sent no usage: the proxy guessed 300 prompt and 50 completion tokens, far below what it billed.
    const estimated = call(10, { ledger: { estimatedCounts: 'all', inputTokens: 300, outputTokens: 50, costUsd: 0.0015 } });
    const overcharged = call(11);
    overcharged.gateway.quota += 5_000;
    const report = run([estimated, overcharged]);
    const guessed = report.calls.find((c) => c.ledger?.requestId === 'sb-10')!;
    expect(guessed.issues).toEqual([]);
    expect(guessed.notes).toEqual([{ code: 'counts_estimated', proxyPrompt: 300, proxyCompletion: 50, billedPrompt: 1010, billedCompletion: 210 }]);
    expect(guessed.notes.map(auditNoteSentence)).toEqual([
      `The gateway reported no usage to the proxy, whose 300 prompt and 50 completion tokens are estimates; the gateway billed 1,010 and 210, which the proxy cannot check.`,
    ]);
    // Only the real overcharge counts: the estimate neither adds to it nor cancels it.
    expect(report.totals.byIssue).toEqual({ charge_differs: 1 });
    expect(report.totals.overchargeUsd).toBeCloseTo(5_000 / QPU, 5);
    expect(report.totals.expectedUsd).toBeCloseTo(estimated.gateway.quota / QPU + overcharged.ledger.costUsd!, 5);
  });

  it('says only the completion count was estimated when the gateway reported the prompt, and still checks the prompt', () => {
    // An Anthropic stream that ended without its final output count: the prompt count is the gateway's, the completion the proxy's guess.
    const outputOnly = call(12, { ledger: { estimatedCounts: 'output', outputTokens: 50 } });
    const report = run([outputOnly]);
    const found = report.calls.find((c) => c.ledger?.requestId === 'sb-12')!;
    expect(found.issues).toEqual([]);
    expect(found.notes).toEqual([{ code: 'completion_estimated', proxyPrompt: 1012, proxyCompletion: 50, billedCompletion: 212 }]);
    expect(found.notes.map(auditNoteSentence)).toEqual([
      `The gateway's stream ended without its final completion count, so the proxy's 50 completion tokens are an estimate (its 1,012 prompt tokens are the gateway's); the gateway billed 212, which the proxy cannot check.`,
    ]);
    expect(report.totals.expectedUsd).toBeCloseTo(outputOnly.gateway.quota / QPU, 6);

    // A prompt billed larger than the gateway itself reported is still a token discrepancy.
    const promptInflated = call(13, { ledger: { estimatedCounts: 'output', outputTokens: 50 }, gateway: { promptTokens: 5_000 } });
    const inflated = run([promptInflated]).calls.find((c) => c.ledger?.requestId === 'sb-13')!;
    expect(inflated.issues).toEqual(['tokens_differ']);
    expect(inflated.notes[0]).toEqual({ code: 'prompt_differs', billedPrompt: 5000, proxyPrompt: 1013 });
    expect(auditNoteSentence(inflated.notes[0])).toBe('The gateway billed 5,000 prompt tokens; it reported 1,013 to the proxy.');
  });

  it('flags a bill for a call that failed before any answer, and counts it whole as overcharge', () => {
    const failed = call(9, { ledger: { outcome: 'failed', outputTokens: 0, costUsd: 0 } });
    const report = run([call(5), failed]);
    expect(report.totals.byIssue).toEqual({ billed_failed_call: 1 });
    expect(report.totals).toMatchObject({ matched: 2, discrepancies: 1 });
    expect(report.totals.overchargeUsd).toBeCloseTo(failed.gateway.quota / QPU, 6);
  });

  it('reports only the calls that ended in the window, each on the day it ended: earlier ones only pair with their own rows', () => {
    const from = Date.UTC(2026, 0, 10);
    // Ended a minute before the window, both sides: it pairs, but is not the window's.
    const before = call(0, { ledger: { ts: from - 61_500 }, gateway: { ts: from - 60_000 } });
    const inside = call(1);
    // A stream of five minutes that began the day before the window and ended in it, which the gateway did not bill.
    const unbilled = call(2, { ledger: { ts: from - 240_000, totalMs: 300_000 } });
    const report = auditBilling([before.gateway, inside.gateway], [before.ledger, inside.ledger, unbilled.ledger], { ...options, from });
    expect(report.calls.map((c) => c.ledger?.requestId)).toEqual(['sb-2', 'sb-1']);
    expect(report.totals).toMatchObject({ gatewayCalls: 1, ledgerCalls: 2, matched: 1, discrepancies: 0, byIssue: { not_billed: 1 } });
    expect(report.totals.billedUsd).toBe(roundUsd(inside.gateway.quota / QPU));
    expect(report.days).toEqual([expect.objectContaining({ day: '2026-01-10', gatewayCalls: 1, ledgerCalls: 2 })]);
  });

  it('says in one sentence that its figures leave calls out when the gateway listed more logs than were read', () => {
    expect(run([call(0)]).incomplete).toBeNull();
    const counted = auditBilling([call(0).gateway], [call(0).ledger], { ...options, truncatedLogs: { read: 50_000, total: 50_100 } });
    expect(counted.incomplete).toEqual({ logs: { read: 50_000, total: 50_100 }, ledger: [] });
    expect(auditIncompleteSentence(counted.incomplete!)).toBe('The gateway has 50,100 log entries in this window and the audit read only 50,000, so its figures leave calls out; audit a shorter window to see them all.');
    const uncounted = auditBilling([call(0).gateway], [call(0).ledger], { ...options, truncatedLogs: { read: 500, total: null } });
    expect(auditIncompleteSentence(uncounted.incomplete!)).toMatch(/^The gateway has more than 500 log entries in this window and the audit read only 500,/);
  });

  it('names every list it cut in the one sentence, the gateway log and each provider ledger', () => {
    const cut = auditBilling([call(0).gateway], [call(0).ledger], {
      ...options,
      truncatedLogs: { read: 500, total: null },
      truncatedLedger: [{ provider: 'gw', read: 100_000, total: 120_000 }, { provider: 'gw-backup', read: 100_000, total: 100_001 }],
    });
    expect(auditIncompleteSentence(cut.incomplete!)).toBe(
      "The gateway has more than 500 log entries in this window and the audit read only 500; the proxy's ledger has 120,000 calls through gw in this window and the day before it and the audit read only the latest 100,000; the proxy's ledger has 100,001 calls through gw-backup in this window and the day before it and the audit read only the latest 100,000, so its figures leave calls out; audit a shorter window to see them all.",
    );
    expect(auditBilling([call(0).gateway], [call(0).ledger], { ...options, truncatedLedger: [] }).incomplete).toBeNull();
  });

  it('audits the 50,000 logs of a busy day in a moment', () => {
    const logs = Array.from({ length: 50_000 }, (_, i) => ({ ...call(0).gateway, ts: T0 + i * 1_000, requestId: `gw-${i}` }));
    const report = auditBilling(logs, [], options);
    expect(report.days.map((d) => [d.day, d.gatewayCalls])).toEqual([['2026-01-10', 43_200], ['2026-01-11', 6_800]]);
  }, 10_000);

  it('pairs a week of calls without request ids by time in a moment, each with its own log', () => {
    // One call every 10 s for almost six days, none with the gateway's request id: paired by time and model.
    const calls = Array.from({ length: 50_000 }, (_, i) => call(i));
    const report = auditBilling(
      calls.map((c) => c.gateway),
      calls.map((c) => c.ledger),
      { ...options, to: T0 + 86_400_000 * 7 },
    );
    expect(report.totals).toMatchObject({ gatewayCalls: 50_000, ledgerCalls: 50_000, matched: 50_000, discrepancies: 0 });
    expect(report.calls.every((c) => c.gateway!.inputTokens === c.ledger!.inputTokens)).toBe(true);
  }, 10_000);

  it('reports no unfinished call the gateway left unbilled', () => {
    const cancelled = call(7, { ledger: { outcome: 'cancelled' } });
    const failed = call(9, { ledger: { outcome: 'failed' } });
    const report = auditBilling([call(5).gateway], [call(5).ledger, cancelled.ledger, failed.ledger], options);
    expect(report.calls).toHaveLength(1);
    expect(report.totals).toMatchObject({ matched: 1, ledgerCalls: 1, discrepancies: 0 });
  });
});
