import { useMemo } from 'react';
import { useChannel } from '../hooks/useChannel';
import { useI18n } from '../i18n/I18nProvider';
import { serverTimeZoneText } from '../lib/serverTimeZoneText';

/**
 * Under figures the core counts by local day: where the server (headless mode, opened from elsewhere)
 * reckons days in another time zone than this browser, says whose days they are; nothing otherwise.
 */
export function ServerTimeZoneNote() {
  const { t } = useI18n();
  const info = useChannel('app.info', {});
  const zone = info.data?.timeZone;
  const text = useMemo(() => zone && serverTimeZoneText(t, zone, Intl.DateTimeFormat().resolvedOptions().timeZone, Date.now()), [t, zone]);
  return text ? (
    <p className="muted small-text" data-testid="server-time-zone">
      {text}
    </p>
  ) : null;
}
