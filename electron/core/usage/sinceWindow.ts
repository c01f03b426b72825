import { parseSince } from '../../../shared/since';
import { fail } from '../errors';

/**
 * The start of a look-back window a user gave (--since, the dashboard's window), refused in one
 * sentence when it is not a window or starts after now: a window that starts in the future shows
 * nothing, and an empty table would read as "no calls" rather than a mistyped date. Usage, gateway
 * logs and the audit all say it this way, without a flag name the dashboard does not have.
 */
export function sinceWindow(text: string, now: number): number {
  const since = parseSince(text, now);
  if (since === null) fail('invalid_input', `"${text}" is not a time window; use something like 30m, 24h, 7d, 4w, today or 2026-11-01.`);
  if (since > now) fail('invalid_input', `"${text}" is in the future; a window starts before now (e.g. 7d, today or an earlier date).`);
  return since;
}
