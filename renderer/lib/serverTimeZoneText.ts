import type { ChannelOutput } from '../../shared/contract';
import { offsetText } from '../../shared/localTime';
import type { Translate } from '../i18n/I18nProvider';

export type ServerTimeZone = ChannelOutput<'app.info'>['timeZone'];

const DAY_MS = 86_400_000;
/** A year back: both of a zone's DST changes, and more than any window the dashboard shows. */
const DAYS_COMPARED = 366;

/** "GMT", "GMT+05:30", "GMT-03:30": a zone's offset as Intl's longOffset names it. */
const LONG_OFFSET = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/;

/** A zone's offsets from UTC in minutes at each instant, as this browser's zone data has them; null for a zone it does not know. */
function offsetsIn(zone: string, instants: number[]): number[] | null {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
  } catch {
    return null;
  }
  const offsets: number[] = [];
  for (const ts of instants) {
    const match = LONG_OFFSET.exec(format.formatToParts(ts).find((part) => part.type === 'timeZoneName')?.value ?? '');
    if (!match) return null;
    const [, sign, hours, minutes] = match;
    offsets.push(sign ? (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) : 0);
  }
  return offsets;
}

/**
 * Whether this browser's zone puts every day where the server's does: the same name, or another name
 * with the same offsets over the past year (an alias such as Asia/Calcutta for Asia/Kolkata, which
 * engines name differently, or a zone under the same rules). A zone the browser does not know, or
 * knows with another offset than the server said, differs.
 */
export function reckonsDaysAlike(server: ServerTimeZone, browserZone: string, now: number): boolean {
  if (server.name === browserZone) return true;
  const instants = Array.from({ length: DAYS_COMPARED + 1 }, (_, i) => now - i * DAY_MS);
  const serverOffsets = offsetsIn(server.name, instants);
  const browserOffsets = offsetsIn(browserZone, instants);
  if (!serverOffsets || !browserOffsets || serverOffsets[0] !== server.utcOffsetMinutes) return false;
  return serverOffsets.every((offset, i) => offset === browserOffsets[i]);
}

/** The sentence saying that days and "today" follow the server's zone, not this browser's; null where both reckon days alike. */
export function serverTimeZoneText(t: Translate, server: ServerTimeZone, browserZone: string, now: number): string | null {
  if (reckonsDaysAlike(server, browserZone, now)) return null;
  return t('timeZone.server', { server: server.name, offset: `UTC${offsetText(server.utcOffsetMinutes * 60_000)}`, browser: browserZone });
}
