import { localMidnight } from './localTime';

const DATE_OR_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?)?$/i;

/** Ms to subtract from a wall-clock time written with this zone ("Z", "+05:30") to get UTC. */
function zoneOffsetMs(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
}

/**
 * When a key given an expiry as text stops working. A date ("2026-12-31") lasts through the end of
 * that local day, since that is what "expires on" means to a person; a date-time ("2026-12-31 18:00",
 * with T, seconds or a zone such as Z or +05:30 allowed) is that moment, local when it names no zone.
 * Null when the text is neither, or names a day or time that does not exist (2026-02-30, 24:00).
 */
export function parseExpiry(text: string): number | null {
  const m = DATE_OR_TIME.exec(text.trim());
  if (!m) return null;
  const [year, month, day] = [m[1], m[2], m[3]].map(Number);
  const [hour, minute, second] = m[4] === undefined ? [23, 59, 59] : [m[4], m[5], m[6] ?? '0'].map(Number);
  if (localMidnight(year, month, day) === null || hour > 23 || minute > 59 || second > 59) return null;
  if (m[7]) return Date.UTC(year, month - 1, day, hour, minute, second) - zoneOffsetMs(m[7]);
  return new Date(year, month - 1, day, hour, minute, second).getTime();
}
