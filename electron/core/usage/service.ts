import { callOutcomeOf } from '../../../shared/callOutcome';
import type { ChannelOutput, ParsedInput } from '../../../shared/contract';
import { localIsoTime } from '../../../shared/localTime';
import { fail } from '../errors';
import { noTotals, sumInto, type StoredCall, type UsageGroup, type UsageRepo } from '../store/usage';
import { callUsd, roundUsd } from './cost';
import type { UsageLedger } from './ledger';
import { sinceWindow } from './sinceWindow';

type Call = ChannelOutput<'usage.calls'>['rows'][number];

/** The value at a quantile of sorted numbers (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Columns added later go at the end, so scripts that read the CSV by position keep working. */
const CSV_COLUMNS: (keyof Call)[] = [
  'id', 'ts', 'requestId', 'client', 'provider', 'requestedModel', 'servedModel', 'protocolIn', 'protocolOut', 'streamed',
  'status', 'errorClass', 'errorMessage', 'inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'reasoningTokens',
  'estimated', 'ttfbMs', 'totalMs', 'attempts', 'failedProviders', 'upstreamRequestId', 'costUsd', 'endpoint', 'estimatedCounts',
  'cacheWrite1hTokens',
];

function csvCell(value: unknown): string {
  const text = Array.isArray(value) ? value.join(' ') : value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const OUTCOME_TEXT = {
  ok: 'succeeded',
  failed: 'failed before the answer started',
  failed_mid_stream: 'failed mid-stream, after the answer had started (status 200 was already sent)',
  cancelled: 'cancelled by the client (it closed the connection; the upstream call was stopped)',
} as const;

/** A call as listed and exported: its cost as the ledger keeps it, unrounded but for float noise. */
const publicCall = ({ price: _price, ...call }: StoredCall): Call => ({ ...call, costUsd: callUsd(call.costUsd) });

/** Totals are shown in whole millionths of a dollar (sums of many calls' costs carry float noise too). */
const roundedCost = <T extends Pick<UsageGroup, 'costUsd'>>(group: T): T => ({ ...group, costUsd: roundUsd(group.costUsd) });

/** Reads of the usage ledger for the CLI and the dashboard. Pending rows are written first, so a read sees every call made. */
export function createUsageService(deps: { repo: UsageRepo; ledger: UsageLedger; now: () => number; providerNames: () => string[] }) {
  const { repo, ledger, now, providerNames } = deps;
  /**
   * The window's start, once pending calls are written; and a narrowing to a provider that neither
   * exists nor left calls is refused, where empty totals would read as "no calls" rather than a
   * mistyped name. A removed provider's calls stay in the ledger under its name, and still show.
   */
  const sinceOf = (text: string, provider?: string): number => {
    const since = sinceWindow(text, now());
    ledger.flush();
    if (provider !== undefined && !providerNames().includes(provider) && !repo.hasCallsOf(provider)) {
      const known = [...new Set([...providerNames(), ...repo.providersWithCalls()])].sort();
      fail('not_found', `There is no provider named "${provider}" and no calls recorded for it${known.length ? `; providers with settings or calls: ${known.join(', ')}` : ''}.`);
    }
    return since;
  };
  const filterOf = <T extends ParsedInput<'usage.exportCsv'>>(input: T) => ({ ...input, since: sinceOf(input.since, input.provider) });

  return {
    summary({ since, by, ...filter }: ParsedInput<'usage.summary'>): ChannelOutput<'usage.summary'> {
      const from = sinceOf(since, filter.provider);
      const groups = repo.summary(from, by, filter);
      // Summed before rounding: calls under half a millionth each add up to what they cost.
      const totals = noTotals();
      for (const g of groups) sumInto(totals, g);
      return { since: from, by, totals: { ...roundedCost(totals), errorRate: totals.calls ? totals.errors / totals.calls : 0 }, groups: groups.map(roundedCost) };
    },
    timeseries: ({ since, bucket, by, ...filter }: ParsedInput<'usage.timeseries'>) =>
      repo.timeseries(sinceOf(since, filter.provider), bucket, by, filter).map(roundedCost),
    latency({ since, ...filter }: ParsedInput<'usage.latency'>): ChannelOutput<'usage.latency'> {
      const byProvider = new Map<string, { total: number[]; ttfb: number[]; errors: number }>();
      for (const row of repo.latencyRows(sinceOf(since, filter.provider), filter)) {
        let entry = byProvider.get(row.provider);
        if (!entry) byProvider.set(row.provider, (entry = { total: [], ttfb: [], errors: 0 }));
        if (row.failed) entry.errors += 1;
        else {
          entry.total.push(row.total_ms);
          if (row.ttfb_ms !== null) entry.ttfb.push(row.ttfb_ms);
        }
      }
      return [...byProvider].map(([provider, e]) => {
        const total = e.total.sort((a, b) => a - b);
        const ttfb = e.ttfb.sort((a, b) => a - b);
        const calls = total.length + e.errors;
        return {
          provider,
          calls,
          errors: e.errors,
          errorRate: calls ? e.errors / calls : 0,
          p50Ms: quantile(total, 0.5),
          p95Ms: quantile(total, 0.95),
          ttfbP50Ms: quantile(ttfb, 0.5),
          ttfbP95Ms: quantile(ttfb, 0.95),
        };
      });
    },
    calls({ limit, offset, ...filter }: ParsedInput<'usage.calls'>): ChannelOutput<'usage.calls'> {
      const page = repo.calls(filterOf(filter), limit, offset);
      return { total: page.total, rows: page.rows.map(publicCall) };
    },
    servedInstead: (input: ParsedInput<'usage.servedInstead'>): ChannelOutput<'usage.servedInstead'> => repo.servedInstead(filterOf(input)),
    exportCsv(input: ParsedInput<'usage.exportCsv'>): ChannelOutput<'usage.exportCsv'> {
      const { rows } = repo.calls(filterOf(input), Number.MAX_SAFE_INTEGER, 0);
      const lines = [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => csvCell(publicCall(r)[c])).join(','))];
      return { rows: rows.length, csv: lines.join('\n') + '\n' };
    },
    /** What a gateway's support needs to find a call: ids, model, provider, status, time; never a key or the prompt. */
    diagnostic({ id }: ParsedInput<'usage.diagnostic'>): ChannelOutput<'usage.diagnostic'> {
      ledger.flush();
      const call = repo.call(id);
      if (!call) fail('not_found', `No call #${id} in the usage ledger; pick one from the calls table.`);
      const lines = [
        `Time: ${localIsoTime(call.ts)}`,
        `Request id (Switchboard): ${call.requestId}`,
        `Upstream request id: ${call.upstreamRequestId ?? 'none reported'}`,
        `Provider: ${call.provider ?? 'none'}`,
        // The last provider tried is among these when no provider served the call.
        ...(call.failedProviders.length ? [`Providers that failed: ${call.failedProviders.join(', ')}`] : []),
        `Model requested: ${call.requestedModel ?? '-'}; served: ${call.servedModel ?? '-'}`,
        `Endpoint: ${call.endpoint ?? 'unknown'}`,
        `Protocol: ${call.protocolIn} -> ${call.protocolOut ?? '-'}${call.streamed ? ', streamed' : ''}`,
        `Status: ${call.status}${call.errorClass ? ` (${call.errorClass})` : ''}; attempts: ${call.attempts}`,
        `Outcome: ${OUTCOME_TEXT[callOutcomeOf(call)]}`,
        ...(call.errorMessage ? [`Error: ${call.errorMessage}`] : []),
        `Time to first byte: ${call.ttfbMs === null ? 'none (no answer started)' : `${call.ttfbMs} ms`}; total: ${call.totalMs} ms`,
      ];
      return { text: lines.join('\n') };
    },
  };
}

export type UsageService = ReturnType<typeof createUsageService>;
