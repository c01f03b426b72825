import { offsetSpans, wallClockText, type OffsetSpan } from '../../../shared/localTime';

const HOUR_MS = 3_600_000;

export type LocalBucket = 'day' | 'hour';
const BUCKET_MS: Record<LocalBucket, number> = { day: 24 * HOUR_MS, hour: HOUR_MS };

/** A local day or hour by its number (wall-clock ms over its length), as "YYYY-MM-DD" or "YYYY-MM-DD HH:00". */
export function localBucketLabel(bucket: LocalBucket, n: number): string {
  const text = wallClockText(n * BUCKET_MS[bucket]);
  return bucket === 'day' ? text.slice(0, 10) : `${text.slice(0, 13)}:00`;
}

/** A stretch of time inside one local bucket: [from, to, bucket number]. */
export type Piece = [number, number, number];

export interface LocalBucketPlan {
  /** The local bucket of a whole UTC hour that lies inside one, so usage_hourly can answer for it; else undefined. */
  bucketOfHour(hour: number): number | undefined;
  /** The rest of the window, to read from the calls themselves. */
  pieces: Piece[];
}

/**
 * How to answer [since, until) per local day or hour from UTC-hour totals. Where the offset is a
 * whole number of hours, every whole UTC hour lies inside one local day and hour, and only a
 * partial first hour is left over. Elsewhere (+5:30, +5:45, -3:30...) the UTC hours that cross a
 * local boundary are left to the calls: one hour a day for days, every hour for hours.
 */
export function planLocalBuckets(since: number, until: number, bucket: LocalBucket): LocalBucketPlan {
  const size = BUCKET_MS[bucket];
  const spans = offsetSpans(since, until);
  const numberOf = (t: number, span: OffsetSpan) => Math.floor((t + span.offset) / size);
  const insideOne = (span: OffsetSpan, hour: number) => {
    const start = hour * HOUR_MS;
    const end = start + HOUR_MS;
    return start >= span.from && end <= span.to && numberOf(start, span) === numberOf(end - 1, span);
  };

  const pieces: Piece[] = [];
  const add = (from: number, to: number, n: number) => {
    const last = pieces[pieces.length - 1];
    if (last && last[1] === from && last[2] === n) last[1] = to;
    else pieces.push([from, to, n]);
  };
  for (const span of spans) {
    const wholeHours = span.offset % HOUR_MS === 0;
    const lastHourStart = Math.floor(span.to / HOUR_MS) * HOUR_MS;
    let t = span.from;
    while (t < span.to) {
      if (t % HOUR_MS === 0 && insideOne(span, t / HOUR_MS)) {
        t = wholeHours ? lastHourStart : t + HOUR_MS;
        continue;
      }
      const n = numberOf(t, span);
      const to = Math.min(span.to, (Math.floor(t / HOUR_MS) + 1) * HOUR_MS, (n + 1) * size - span.offset);
      add(t, to, n);
      t = to;
    }
  }

  const spanAt = (t: number): OffsetSpan | undefined => {
    let lo = 0;
    let hi = spans.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (spans[mid].from <= t) lo = mid;
      else hi = mid - 1;
    }
    const span = spans[lo];
    return span.from <= t && t < span.to ? span : undefined;
  };
  return {
    bucketOfHour(hour) {
      const span = spanAt(hour * HOUR_MS);
      return span && insideOne(span, hour) ? numberOf(hour * HOUR_MS, span) : undefined;
    },
    pieces,
  };
}
