import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempEnv, type TempEnv } from '../../helpers/tempEnv';
import { makeTestApp } from '../../helpers/testApp';
import { inTimeZone } from '../../helpers/timeZone';

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
