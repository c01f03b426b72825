import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { translate, type Locale } from '../../../renderer/i18n/locale';
import { reckonsDaysAlike, serverTimeZoneText, type ServerTimeZone } from '../../../renderer/lib/serverTimeZoneText';
import { makeTempEnv, type TempEnv } from '../../helpers/tempEnv';
import { makeTestApp } from '../../helpers/testApp';
import { inTimeZone } from '../../helpers/timeZone';

const t = (locale: Locale) => (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(locale, key, vars);
const DECEMBER = Date.parse('2026-12-07T05:01:00Z');
const JULY = Date.parse('2026-07-07T05:01:00Z');

describe('the time zone the server says it reckons days in', () => {
  let env: TempEnv;
  let now = DECEMBER;
  let app: ReturnType<typeof makeTestApp>;
  beforeEach(() => {
    env = makeTempEnv();
    app = makeTestApp(env, { now: () => now });
  });
  afterEach(() => {
    app.close();
    env.cleanup();
  });

  const infoIn = (zone: string) => inTimeZone(zone, async () => (await app.handlers['app.info']({})).timeZone);

  it("is its process's zone, under the name this engine gives it, with its offset on the app's clock, summer time included", async () => {
    for (const [zone, at, offset] of [
      ['UTC', DECEMBER, 0],
      ['Asia/Kolkata', DECEMBER, 330],
      ['America/St_Johns', DECEMBER, -210],
      ['America/St_Johns', JULY, -150],
      ['America/New_York', JULY, -240],
    ] as const) {
      now = at;
      const name = inTimeZone(zone, () => Intl.DateTimeFormat().resolvedOptions().timeZone);
      expect(await infoIn(zone), `${zone} at ${new Date(at).toISOString()}`).toEqual({ name, utcOffsetMinutes: offset });
    }
  });
});

describe("the dashboard's sentence on the server's time zone", () => {
  const utc: ServerTimeZone = { name: 'UTC', utcOffsetMinutes: 0 };

  it('names both zones and the server\u2019s offset, in either language, where the browser is elsewhere', () => {
    expect(serverTimeZoneText(t('en'), utc, 'America/New_York', DECEMBER)).toBe(
      'Days and \u201ctoday\u201d here follow the server\u2019s time zone, UTC (UTC+00:00), not this browser\u2019s, America/New_York.',
    );
    expect(serverTimeZoneText(t('zh-CN'), utc, 'America/New_York', DECEMBER)).toBe('此处的日期与“今天”按服务器的时区 UTC（UTC+00:00）计算，而非本浏览器的时区 America/New_York。');
    expect(serverTimeZoneText(t('en'), { name: 'America/St_Johns', utcOffsetMinutes: -210 }, 'Asia/Kolkata', DECEMBER)).toBe(
      'Days and \u201ctoday\u201d here follow the server\u2019s time zone, America/St_Johns (UTC-03:30), not this browser\u2019s, Asia/Kolkata.',
    );
    expect(serverTimeZoneText(t('en'), { name: 'Asia/Kathmandu', utcOffsetMinutes: 345 }, 'UTC', DECEMBER)).toContain('Asia/Kathmandu (UTC+05:45)');
  });

  it('says nothing where the browser is in the same zone, or in another name for it', () => {
    expect(serverTimeZoneText(t('en'), utc, 'UTC', DECEMBER)).toBeNull();
    expect(serverTimeZoneText(t('en'), utc, 'Etc/UTC', DECEMBER)).toBeNull();
    expect(serverTimeZoneText(t('zh-CN'), { name: 'Asia/Kolkata', utcOffsetMinutes: 330 }, 'Asia/Calcutta', DECEMBER)).toBeNull();
    // Another zone under the same rules puts every day where the server does: its figures are the same.
    expect(reckonsDaysAlike({ name: 'Europe/Paris', utcOffsetMinutes: 60 }, 'Europe/Berlin', DECEMBER)).toBe(true);
  });

  it('speaks up for a zone with the same offset today but another over the year', () => {
    // London is on UTC in winter, an hour ahead in summer: last summer's days fall elsewhere.
    expect(reckonsDaysAlike(utc, 'Europe/London', DECEMBER)).toBe(false);
    // New York and Toronto change their clocks together; Havana does on other days.
    expect(reckonsDaysAlike({ name: 'America/New_York', utcOffsetMinutes: -300 }, 'America/Toronto', DECEMBER)).toBe(true);
    expect(reckonsDaysAlike({ name: 'America/New_York', utcOffsetMinutes: -300 }, 'America/Havana', DECEMBER)).toBe(false);
  });

  it('speaks up for a server zone this browser does not know, or knows with another offset than the server said', () => {
    expect(serverTimeZoneText(t('en'), { name: 'Mars/Olympus_Mons', utcOffsetMinutes: 0 }, 'UTC', DECEMBER)).toBe(
      'Days and \u201ctoday\u201d here follow the server\u2019s time zone, Mars/Olympus_Mons (UTC+00:00), not this browser\u2019s, UTC.',
    );
    expect(reckonsDaysAlike({ name: 'Etc/UTC', utcOffsetMinutes: 60 }, 'UTC', DECEMBER)).toBe(false);
  });
});
