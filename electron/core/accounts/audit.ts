// The billing audit: pairs the gateway's per-call logs with the proxy's ledger rows and reports
// what does not agree. Pure: no I/O, no clock; the service fetches both sides.
import type { AuditCall, AuditIssue, AuditNote, AuditReport } from '../../../shared/accountsContract';
import type { CallOutcomeKind } from '../../../shared/callOutcome';
import { localDate } from '../../../shared/localTime';
import type { CallFigures } from '../store/usage';
import { callUsd, roundUsd } from '../usage/cost';

/** One consumption log of the gateway, times in milliseconds. */
export interface GatewayCall {
  ts: number;
  model: string;
  /** Prompt tokens as the gateway counts them: cached tokens included. */
  promptTokens: number;
  completionTokens: number;
  quota: number;
  requestId: string;
}

/** One ledger row of a provider that bills through the audited account. */
export type LedgerCall = CallFigures;

export interface AuditOptions {
  account: string;
  providers: string[];
  from: number;
  to: number;
  /** Quota units per USD on the gateway (500000 by default). */
  quotaPerUnit: number;
  /** Allowed difference as a fraction of the larger figure. */
  tolerance: number;
  /** How far apart a log and a ledger row may be and still be the same call. */
  windowMs?: number;
  /** Local calendar day of a time, YYYY-MM-DD. */
  dayOf?: (ts: number) => string;
  /** Set when the gateway listed more logs than could be read: how many were read, and how many it has (null: it did not say). */
  truncatedLogs?: { read: number; total: number | null };
  /** Per provider whose ledger rows were more than could be read: how many were read (the latest), and how many there are. */
  truncatedLedger?: { provider: string; read: number; total: number }[];
}

const DEFAULT_WINDOW_MS = 120_000;
/** Differences of a token or two come from rounding and are never worth a report. */
const TOKEN_FLOOR = 2;
/** Quota is rounded per call; a couple of units is rounding too. */
const QUOTA_FLOOR = 2;

const differs = (a: number, b: number, tolerance: number, floor: number) => Math.abs(a - b) > Math.max(floor, tolerance * Math.max(a, b));
const relativeGap = (a: number, b: number) => (a === b ? 0 : Math.min(1, Math.abs(a - b) / Math.max(a, b, 1)));

const ledgerPrompt = (l: LedgerCall) => l.inputTokens + l.cacheReadTokens + l.cacheWriteTokens;
const ledgerModel = (l: LedgerCall) => l.servedModel ?? l.requestedModel ?? '';
/** The gateway writes its log when a call ends. */
const ledgerEnd = (l: LedgerCall) => l.ts + l.totalMs;

/** Issues whose whole bill is overcharge: no call, a failed one, or one billed again. */
const WHOLE_BILL_OVERCHARGED = new Set<AuditIssue>(['not_made_by_proxy', 'billed_failed_call', 'billed_twice']);

/**
 * Pairs logs with ledger rows: first by request id (the proxy keeps the gateway's), then by the
 * closest candidate in time with the same model, or with the same prompt size when the gateway
 * billed another model. Each row pairs at most once: a later log naming a request id that an
 * earlier one already paired is the same call billed again (`repeats`, with the row it repeats).
 */
function pair(gateway: GatewayCall[], ledger: LedgerCall[], options: AuditOptions): { pairs: Map<number, number>; repeats: Map<number, number> } {
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  const pairs = new Map<number, number>();
  const repeats = new Map<number, number>();
  const taken = new Set<number>();
  const byUpstreamId = new Map<string, number>();
  ledger.forEach((l, i) => {
    if (l.upstreamRequestId) byUpstreamId.set(l.upstreamRequestId, i);
  });
  const oldestFirst = gateway.map((_, gi) => gi).sort((a, b) => gateway[a].ts - gateway[b].ts);
  for (const gi of oldestFirst) {
    const requestId = gateway[gi].requestId;
    const li = requestId ? byUpstreamId.get(requestId) : undefined;
    if (li === undefined) continue;
    if (taken.has(li)) repeats.set(gi, li);
    else {
      pairs.set(gi, li);
      taken.add(li);
    }
  }

  // The rows left, by end time: each log looks only at those that ended within the window of it,
  // not at the whole ledger (a week of calls without request ids is billions of pairs otherwise).
  const open = ledger.flatMap((l, li) => (taken.has(li) ? [] : [{ li, end: ledgerEnd(l) }])).sort((a, b) => a.end - b.end);
  const firstEndingFrom = (t: number) => {
    let lo = 0;
    let hi = open.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (open[mid].end < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const candidates: { gi: number; li: number; score: number }[] = [];
  gateway.forEach((g, gi) => {
    if (pairs.has(gi) || repeats.has(gi)) return;
    for (let k = firstEndingFrom(g.ts - windowMs); k < open.length && open[k].end <= g.ts + windowMs; k++) {
      const { li, end } = open[k];
      const l = ledger[li];
      const gap = Math.abs(g.ts - end);
      const sameModel = g.model === ledgerModel(l) || g.model === l.requestedModel;
      const promptGap = relativeGap(g.promptTokens, ledgerPrompt(l));
      if (!sameModel && promptGap > options.tolerance) continue;
      const score = gap / windowMs + (sameModel ? 0 : 1) + promptGap + relativeGap(g.completionTokens, l.outputTokens) / 2;
      candidates.push({ gi, li, score });
    }
  });
  candidates.sort((a, b) => a.score - b.score);
  for (const c of candidates) {
    if (pairs.has(c.gi) || taken.has(c.li)) continue;
    pairs.set(c.gi, c.li);
    taken.add(c.li);
  }
  return { pairs, repeats };
}

function gatewaySide(g: GatewayCall, quotaPerUnit: number) {
  return { ts: g.ts, model: g.model, inputTokens: g.promptTokens, outputTokens: g.completionTokens, costUsd: roundUsd(g.quota / quotaPerUnit), requestId: g.requestId };
}

function ledgerSide(l: LedgerCall) {
  return {
    ts: l.ts,
    model: ledgerModel(l),
    inputTokens: ledgerPrompt(l),
    outputTokens: l.outputTokens,
    costUsd: callUsd(l.costUsd),
    requestId: l.requestId,
    requestedModel: l.requestedModel,
    provider: l.provider,
  };
}

/** What the audit could not read: the gateway's logs past the pages it reads, each provider's ledger calls past the latest it reads; null when it read everything. */
function unread({ truncatedLogs, truncatedLedger = [] }: AuditOptions): AuditReport['incomplete'] {
  if (!truncatedLogs && !truncatedLedger.length) return null;
  return { logs: truncatedLogs ?? null, ledger: truncatedLedger };
}

/** What the proxy recorded of a call that did not finish: its counts stop where the call did, so they judge no bill. */
const CUT_SHORT: Partial<Record<CallOutcomeKind, 'client_left' | 'stream_broke_off'>> = {
  cancelled: 'client_left',
  failed_mid_stream: 'stream_broke_off',
};

/**
 * What a pair disagrees on, and what the call was expected to cost (null: no price to judge by).
 * A call cut short, or one whose counts the proxy only estimated (all, or the output alone), is
 * expected to cost what the gateway billed (only it knows how far generation went, or what it
 * counted); a call that failed before any answer, nothing.
 */
function comparePair(g: GatewayCall, l: LedgerCall, options: AuditOptions): { issues: AuditIssue[]; notes: AuditNote[]; expectedUsd: number | null } {
  const issues: AuditIssue[] = [];
  const notes: AuditNote[] = [];
  const billed = g.quota / options.quotaPerUnit;
  const model = ledgerModel(l);
  if (g.model !== model) {
    issues.push('model_differs');
    notes.push({ code: 'model_differs', billedModel: g.model, proxyModel: model });
  }
  if (l.outcome === 'failed') {
    issues.push('billed_failed_call');
    notes.push({ code: 'billed_failed_call', billedUsd: billed });
    return { issues, notes, expectedUsd: 0 };
  }
  const cutShort = CUT_SHORT[l.outcome];
  if (cutShort) {
    notes.push({ code: cutShort, proxyCompletion: l.outputTokens, billedCompletion: g.completionTokens });
    return { issues, notes, expectedUsd: billed };
  }
  const prompt = ledgerPrompt(l);
  if (l.estimatedCounts === 'all') {
    notes.push({ code: 'counts_estimated', proxyPrompt: prompt, proxyCompletion: l.outputTokens, billedPrompt: g.promptTokens, billedCompletion: g.completionTokens });
    return { issues, notes, expectedUsd: billed };
  }
  const promptDiffers = differs(g.promptTokens, prompt, options.tolerance, TOKEN_FLOOR);
  if (l.estimatedCounts === 'output') {
    // The prompt count is the gateway's own, so it is still checked; the completion count is not.
    if (promptDiffers) {
      issues.push('tokens_differ');
      notes.push({ code: 'prompt_differs', billedPrompt: g.promptTokens, proxyPrompt: prompt });
    }
    notes.push({ code: 'completion_estimated', proxyPrompt: prompt, proxyCompletion: l.outputTokens, billedCompletion: g.completionTokens });
    return { issues, notes, expectedUsd: billed };
  }
  if (promptDiffers || differs(g.completionTokens, l.outputTokens, options.tolerance, TOKEN_FLOOR)) {
    issues.push('tokens_differ');
    notes.push({ code: 'tokens_differ', billedPrompt: g.promptTokens, billedCompletion: g.completionTokens, proxyPrompt: prompt, proxyCompletion: l.outputTokens });
  }
  if (l.costUsd !== null) {
    const expectedQuota = l.costUsd * options.quotaPerUnit;
    if (differs(g.quota, expectedQuota, options.tolerance, QUOTA_FLOOR)) {
      issues.push('charge_differs');
      notes.push({ code: 'charge_differs', billedUsd: billed, expectedUsd: l.costUsd });
    }
  }
  return { issues, notes, expectedUsd: l.costUsd };
}

export function auditBilling(gateway: GatewayCall[], ledger: LedgerCall[], options: AuditOptions): AuditReport {
  const dayOf = options.dayOf ?? localDate;
  const { pairs, repeats } = pair(gateway, ledger, options);
  const pairedLedger = new Set(pairs.values());
  const calls: AuditCall[] = [];
  const gatewayCost = new Map<AuditCall, number>();
  const expectedCost = new Map<AuditCall, number>();
  const loneEnd = new Map<AuditCall, number>();

  // Calls from just before the window are read so that they pair with their own rows, not with
  // the window's; the report is of the window alone: by the gateway's log, or a lone row's end.
  gateway.forEach((g, gi) => {
    if (g.ts < options.from) return;
    const repeated = repeats.get(gi);
    if (repeated !== undefined) {
      // The row is reported once, with the log it paired; this bill is one too many.
      const call: AuditCall = {
        gateway: gatewaySide(g, options.quotaPerUnit),
        ledger: null,
        issues: ['billed_twice'],
        notes: [{ code: 'billed_twice', requestId: g.requestId, model: ledgerModel(ledger[repeated]) }],
      };
      calls.push(call);
      gatewayCost.set(call, g.quota / options.quotaPerUnit);
      return;
    }
    const li = pairs.get(gi);
    if (li === undefined) {
      const call: AuditCall = {
        gateway: gatewaySide(g, options.quotaPerUnit),
        ledger: null,
        issues: ['not_made_by_proxy'],
        notes: [{ code: 'not_made_by_proxy', model: g.model }],
      };
      calls.push(call);
      gatewayCost.set(call, g.quota / options.quotaPerUnit);
      return;
    }
    const l = ledger[li];
    const { issues, notes, expectedUsd } = comparePair(g, l, options);
    const call: AuditCall = { gateway: gatewaySide(g, options.quotaPerUnit), ledger: ledgerSide(l), issues, notes };
    calls.push(call);
    gatewayCost.set(call, g.quota / options.quotaPerUnit);
    if (expectedUsd !== null) expectedCost.set(call, expectedUsd);
  });
  ledger.forEach((l, li) => {
    // An unfinished call the gateway did not bill is what a fair gateway does: nothing to report.
    if (pairedLedger.has(li) || ledgerEnd(l) < options.from || l.outcome !== 'ok') return;
    const call: AuditCall = {
      gateway: null,
      ledger: ledgerSide(l),
      issues: ['not_billed'],
      notes: [{ code: 'not_billed', model: ledgerModel(l), provider: l.provider }],
    };
    calls.push(call);
    loneEnd.set(call, ledgerEnd(l));
  });
  /** When a call counts: when the gateway logged it, or when a call it did not log ended. */
  const timeOf = (c: AuditCall) => c.gateway?.ts ?? loneEnd.get(c) ?? 0;
  calls.sort((a, b) => timeOf(a) - timeOf(b));

  const isDiscrepancy = (c: AuditCall) => c.issues.some((issue) => issue !== 'not_billed');
  /** The whole bill of a call the proxy never made, and billed minus expected where the charge differs (rounding is not overcharge). */
  const overcharge = (c: AuditCall) => {
    const billed = gatewayCost.get(c) ?? 0;
    if (c.issues.some((issue) => WHOLE_BILL_OVERCHARGED.has(issue))) return billed;
    return c.issues.includes('charge_differs') ? billed - (expectedCost.get(c) ?? 0) : 0;
  };

  const days = new Map<string, AuditCall[]>();
  for (const c of calls) {
    const day = dayOf(timeOf(c));
    const group = days.get(day);
    if (group) group.push(c);
    else days.set(day, [c]);
  }
  const summarise = (group: AuditCall[]) => ({
    gatewayCalls: group.filter((c) => c.gateway).length,
    ledgerCalls: group.filter((c) => c.ledger).length,
    matched: group.filter((c) => c.gateway && c.ledger).length,
    discrepancies: group.filter(isDiscrepancy).length,
    unpricedCalls: group.filter((c) => c.gateway && c.ledger && c.ledger.costUsd === null).length,
    billedUsd: roundUsd(group.reduce((sum, c) => sum + (gatewayCost.get(c) ?? 0), 0)),
    expectedUsd: roundUsd(group.reduce((sum, c) => sum + (expectedCost.get(c) ?? 0), 0)),
    overchargeUsd: roundUsd(group.reduce((sum, c) => sum + overcharge(c), 0)),
  });
  const byIssue: Record<string, number> = {};
  for (const c of calls) for (const issue of c.issues) byIssue[issue] = (byIssue[issue] ?? 0) + 1;

  return {
    account: options.account,
    from: options.from,
    to: options.to,
    providers: options.providers,
    incomplete: unread(options),
    cut: { logs: options.truncatedLogs !== undefined, ledger: (options.truncatedLedger ?? []).length > 0 },
    calls,
    days: [...days].sort(([a], [b]) => a.localeCompare(b)).map(([day, group]) => ({ day, ...summarise(group) })),
    totals: { ...summarise(calls), byIssue },
  };
}
