const DAY_MS = 86_400_000;

/** What to add to a UTC time to read the local wall clock at that instant (this process's time zone, DST included). */
export const offsetAt = (ts: number): number => -new Date(ts).getTimezoneOffset() * 60_000;

/** A wall-clock time, counted in ms like a UTC time, as "YYYY-MM-DD HH:MM:SS". */
export const wallClockText = (wallMs: number): string => new Date(wallMs).toISOString().replace('T', ' ').slice(0, 19);

/** A time as the local wall clock shows it: "YYYY-MM-DD HH:MM:SS". */
export const localDateTime = (ts: number): string => wallClockText(ts + offsetAt(ts));

/** The same to the minute, "YYYY-MM-DD HH:MM", for columns where seconds are noise (a balance read, a key's expiry). */
export const localDateMinute = (ts: number): string => localDateTime(ts).slice(0, 16);

/** The local calendar day of a time, "YYYY-MM-DD". */
export const localDate = (ts: number): string => localDateTime(ts).slice(0, 10);

/** An offset from UTC, in ms, as ISO 8601 writes it: "+05:30", "-04:00", "+00:00". */
export function offsetText(offset: number): string {
  const minutes = Math.abs(offset) / 60_000;
  const pad = (n: number) => String(Math.floor(n)).padStart(2, '0');
  return `${offset < 0 ? '-' : '+'}${pad(minutes / 60)}:${pad(minutes % 60)}`;
}

/** A time as ISO 8601 on the local clock with its offset, "2026-12-07T10:31:00.000+05:30": local, yet one instant wherever it is read. */
export function localIsoTime(ts: number): string {
  const offset = offsetAt(ts);
  return `${new Date(ts + offset).toISOString().slice(0, 23)}${offsetText(offset)}`;
}

/** The time zone every local figure above is reckoned in: this process's IANA name, and its offset from UTC at `ts` in minutes (0 on UTC, never -0). */
export const localTimeZone = (ts: number) => ({ name: Intl.DateTimeFormat().resolvedOptions().timeZone, utcOffsetMinutes: offsetAt(ts) / 60_000 || 0 });

/** Local midnight starting a calendar day, or null when there is no such day (2026-02-30). */
export function localMidnight(year: number, month: number, day: number): number | null {
  const midnight = new Date(year, month - 1, day);
  return midnight.getMonth() === month - 1 && midnight.getDate() === day ? midnight.getTime() : null;
}

/** A stretch of time over which the local offset does not change. */
export interface OffsetSpan {
  from: number;
  to: number;
  offset: number;
}

/**
 * [from, to) cut where the local offset changes (DST, or a zone's change of standard time). Probed
 * once a day, then the change found to the millisecond: zones change their offset at most a few
 * times a year, never twice within a day.
 */
export function offsetSpans(from: number, to: number): OffsetSpan[] {
  const spans: OffsetSpan[] = [];
  let start = from;
  let offset = offsetAt(from);
  let probe = from;
  while (probe < to - 1) {
    const next = Math.min(probe + DAY_MS, to - 1);
    if (offsetAt(next) === offset) {
      probe = next;
      continue;
    }
    let before = probe;
    let after = next;
    while (after - before > 1) {
      const mid = Math.floor((before + after) / 2);
      if (offsetAt(mid) === offset) before = mid;
      else after = mid;
    }
    spans.push({ from: start, to: after, offset });
    start = probe = after;
    offset = offsetAt(after);
  }
  spans.push({ from: start, to, offset });
  return spans;
}
