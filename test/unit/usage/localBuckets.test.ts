import { describe, expect, it } from 'vitest';
import { planLocalBuckets } from '../../../electron/core/store/localBuckets';
import { inTimeZone } from '../../helpers/timeZone';

const QUARTER = 900_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Which sources answer each UTC quarter hour of [since, until): hourly totals, quarter totals or the calls. */
function sourcesOf(since: number, until: number, bucket: 'day' | 'hour') {
  const plan = planLocalBuckets(since, until, bucket);
  const counted = new Map<number, string[]>();
  const note = (from: number, to: number, source: string) => {
    for (let q = from; q < to; q++) counted.set(q, [...(counted.get(q) ?? []), source]);
  };
  for (const [from, to] of plan.hours) note(from * 4, to * 4, 'hour');
  for (const [from, to] of plan.quarters) note(from, to, 'quarter');
  for (const [from, to] of plan.pieces) note(Math.floor(from / QUARTER), Math.ceil(to / QUARTER), 'calls');
  return { plan, counted };
}

describe('planning usage by local day and hour', () => {
  it.each([
    ['Asia/Kolkata', 'day', 2],
    ['Asia/Kolkata', 'hour', 1],
    ['Asia/Kathmandu', 'day', 2],
    ['Pacific/Chatham', 'hour', 1],
    ['America/St_Johns', 'day', 2],
  ] as const)('in %s, by %s, the hours that cross a local boundary come from quarter totals, none from the calls', (zone, bucket, runsPerCrossing) =>
    inTimeZone(zone, () => {
      const since = Date.UTC(2026, 2, 1);
      const until = since + 7 * DAY;
      const { plan, counted } = sourcesOf(since, until, bucket);
      expect(plan.pieces).toEqual([]);
      // Every quarter of the window is answered once.
      expect(counted.size).toBe(7 * 96);
      expect([...counted.values()].every((sources) => sources.length === 1)).toBe(true);
      // By day, a run of whole hours per local day (the window starts and ends mid-day); by hour, no UTC hour lies in one local hour.
      expect(plan.hours.length).toBe(bucket === 'day' ? 8 : 0);
      // A run of quarters per side of each local midnight; by hour, consecutive runs of one local hour join.
      const crossings = bucket === 'day' ? 7 : 7 * 24;
      expect(plan.quarters.length).toBeGreaterThanOrEqual(crossings * runsPerCrossing - 1);
      expect(plan.quarters.length).toBeLessThanOrEqual(crossings * runsPerCrossing + 1);
    }),
  );

  it('in a whole-hour zone, uses quarter totals only in a partial first hour, and the calls only in a partial first quarter', () =>
    inTimeZone('Europe/Berlin', () => {
      const since = Date.UTC(2026, 2, 1) + 7 * 60_000;
      const { plan, counted } = sourcesOf(since, Date.UTC(2026, 2, 8), 'day');
      expect(plan.pieces).toEqual([[since, Date.UTC(2026, 2, 1) + QUARTER, expect.any(Number)]]);
      expect(plan.quarters).toEqual([[Date.UTC(2026, 2, 1) / QUARTER + 1, Date.UTC(2026, 2, 1) / QUARTER + 4, expect.any(Number)]]);
      expect([...counted.values()].every((sources) => sources.length === 1)).toBe(true);
    }),
  );
});
