import { offsetSpans, wallClockText } from '../../../shared/localTime';

const HOUR_MS = 3_600_000;
const QUARTER_MS = 900_000;

export type LocalBucket = 'day' | 'hour';
const BUCKET_MS: Record<LocalBucket, number> = { day: 24 * HOUR_MS, hour: HOUR_MS };

/** A local day or hour by its number (wall-clock ms over its length), as "YYYY-MM-DD" or "YYYY-MM-DD HH:00". */
export function localBucketLabel(bucket: LocalBucket, n: number): string {
  const text = wallClockText(n * BUCKET_MS[bucket]);
  return bucket === 'day' ? text.slice(0, 10) : `${text.slice(0, 13)}:00`;
}

/** A stretch inside one local bucket: [from, to, bucket number], in ms or in hour or quarter-hour numbers. */
export type Piece = [number, number, number];

/** A window cut into stretches that each lie inside one local bucket, by the source that answers them. */
export interface LocalBucketPlan {
  /** Runs of whole UTC hours (by number), for usage_hourly. */
  hours: Piece[];
  /** Runs of whole quarter hours (by number) in the hours that cross a local boundary, for usage_quarterly. */
  quarters: Piece[];
  /** The rest (a partial first quarter, or a zone off the quarter hour), in ms, to read from the calls themselves. */
  pieces: Piece[];
}

/**
 * How to answer [since, until) per local day or hour from the totals tables. Where the offset is a
 * whole number of hours, every whole UTC hour lies inside one local day and hour, and only a
 * partial first hour is left over. Elsewhere (+5:30, +5:45, -3:30...) the UTC hours that cross a
 * local boundary are answered per quarter hour (every zone in use today is offset by whole quarters):
 * one hour a day for days, every hour for hours. Only what no whole quarter covers is left to the calls.
 * Each run is one bucket's, so the database can sum per bucket instead of handing back every hour.
 */
export function planLocalBuckets(since: number, until: number, bucket: LocalBucket): LocalBucketPlan {
  const size = BUCKET_MS[bucket];
  const plan: LocalBucketPlan = { hours: [], quarters: [], pieces: [] };
  const append = (into: Piece[], from: number, to: number, n: number) => {
    const last = into[into.length - 1];
    if (last && last[1] === from && last[2] === n) last[1] = to;
    else into.push([from, to, n]);
  };
  /** [from, to) in ms, inside bucket n: its whole units (hours or quarters) into `runs`, the edges to `rest`. */
  const split = (from: number, to: number, n: number, unit: number, runs: Piece[], rest: (from: number, to: number) => void) => {
    const first = Math.ceil(from / unit);
    const end = Math.floor(to / unit);
    if (first >= end) return rest(from, to);
    if (from < first * unit) rest(from, first * unit);
    append(runs, first, end, n);
    if (end * unit < to) rest(end * unit, to);
  };
  const byQuarter = (n: number) => (from: number, to: number) =>
    split(from, to, n, QUARTER_MS, plan.quarters, (a, b) => append(plan.pieces, a, b, n));
  for (const span of offsetSpans(since, until)) {
    for (let t = span.from; t < span.to; ) {
      const n = Math.floor((t + span.offset) / size);
      const to = Math.min(span.to, (n + 1) * size - span.offset);
      split(t, to, n, HOUR_MS, plan.hours, byQuarter(n));
      t = to;
    }
  }
  return plan;
}
