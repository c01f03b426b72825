import { localMidnight } from './localTime';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/** A duration back from now: "30m", "24h", "7d", "4w" (amount, unit). */
const DURATION = /^(\d+(?:\.\d+)?)\s*([mhdw])$/i;

/**
 * The start of a look-back window: "30m", "24h", "7d", "4w", "today", or an ISO date/time. A bare
 * date starts at local midnight, like "today" and a date-time without a zone, and the day groupings.
 * Returns null when the text is none of these, so callers can say what was wrong.
 */
export function parseSince(text: string, now: number): number | null {
  const value = text.trim().toLowerCase();
  if (value === 'today') {
    const d = new Date(now);
    d.setHours(0, 0, 0, 0);
    return d.getTime();
  }
  const m = DURATION.exec(value);
  if (m) return now - Number(m[1]) * UNIT_MS[m[2]];
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (date) {
    const [year, month, day] = date.slice(1).map(Number);
    return localMidnight(year, month, day);
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const t = Date.parse(text.trim());
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

/** The window as words for a sentence: "in the last 24h", "today", or "since 2026-11-01". */
export function sincePhrase(text: string): string {
  const value = text.trim();
  if (value.toLowerCase() === 'today') return 'today';
  return DURATION.test(value) ? `in the last ${value}` : `since ${value}`;
}
