import type { Column } from '../components/charts/StackedColumns';

export interface UsageRow {
  bucket: string;
  key: string;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export type UsageMetric = 'cost' | 'tokens';

type TokenCounts = Pick<UsageRow, 'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheWriteTokens'>;

/** Every token a call was billed for, cache reads and writes included: the charts' and the totals' one measure. */
export const tokensOf = (row: TokenCounts): number => row.inputTokens + row.outputTokens + row.cacheReadTokens + row.cacheWriteTokens;

export const metricOf = (row: Omit<UsageRow, 'bucket' | 'key'>, metric: UsageMetric): number => (metric === 'cost' ? row.costUsd : tokensOf(row));

/** Time series rows -> one column per bucket, stacked by key (as nameOf names it); series ordered by their total, largest first. */
export function columnsOf(rows: readonly UsageRow[], metric: UsageMetric, nameOf: (key: string) => string = (key) => key): { columns: Column[]; series: string[] } {
  const totals = new Map<string, number>();
  const buckets = new Map<string, Column>();
  for (const row of rows) {
    const value = metricOf(row, metric);
    const series = nameOf(row.key);
    totals.set(series, (totals.get(series) ?? 0) + value);
    const column = buckets.get(row.bucket) ?? { label: row.bucket, parts: [] };
    column.parts.push({ series, value });
    buckets.set(row.bucket, column);
  }
  const series = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([key]) => key);
  const columns = [...buckets.values()]
    .sort((a, b) => a.label.localeCompare(b.label))
    .map((c) => ({ label: c.label.length === 10 ? c.label.slice(5) : c.label, parts: c.parts.sort((a, b) => series.indexOf(a.series) - series.indexOf(b.series)) }));
  return { columns, series };
}
