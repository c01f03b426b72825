import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serveApp, type ServedApp } from '../../electron/headless';
import { SESSION_IDLE_MS, SESSION_MAX_MS } from '../../electron/core/server/dashboardSessions';
import { sessionCookie } from '../helpers/sessionCookie';
import { rawRequest } from '../helpers/rawHttp';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';
import { makeTestApp } from '../helpers/testApp';

const MINUTE = 60_000;
const SIX_HOURS = 6 * 3_600_000;

describe('dashboard sessions end', () => {
  let t: TempEnv;
  let clock: number;
  let app: ReturnType<typeof makeTestApp>;
  let served: ServedApp;
  const signIn = () => sessionCookie({ loginUrl: () => `${served.server.url}/?login=${app.loginTokens.issue()}`, server: served.server });
  const rpc = (cookie: string) => rawRequest(served.server.port, '/rpc/app.info', { method: 'POST', body: '{}', headers: { cookie } });

  beforeEach(async () => {
    t = makeTempEnv();
    clock = Date.parse('2026-12-07T09:00:00Z');
    app = makeTestApp(t, { now: () => clock });
    served = await serveApp(app, { port: 0 });
  });
  afterEach(async () => {
    await served.close();
    app.close();
    t.cleanup();
  });

  it('the cookie says how long it may last at most', async () => {
    const link = new URL(`${served.server.url}/?login=${app.loginTokens.issue()}`);
    const res = await rawRequest(served.server.port, link.pathname + link.search);
    expect(String(res.headers['set-cookie'])).toContain(`Max-Age=${SESSION_MAX_MS / 1000}`);
  });

  it('after twelve hours unused, in one sentence that says how to sign in again', async () => {
    const cookie = await signIn();
    clock += SESSION_IDLE_MS - MINUTE;
    expect((await rpc(cookie)).status).toBe(200);
    // That use counted: the idle time starts again from it.
    clock += SESSION_IDLE_MS - MINUTE;
    expect((await rpc(cookie)).status).toBe(200);
    clock += SESSION_IDLE_MS;
    const ended = await rpc(cookie);
    expect(ended.status).toBe(401);
    expect(JSON.parse(ended.body).error).toEqual({
      code: 'unauthorized',
      message: 'This dashboard session has ended (12 hours unused, or 7 days after sign-in): run "switchboard dashboard" for a new login link.',
    });
    expect(String(ended.headers['set-cookie'])).toMatch(/^sb_session=; .*Max-Age=0/);
    // Gone for good, as for a browser that never signed in; a new link signs in again.
    expect((await rpc(cookie)).status).toBe(401);
    expect((await rpc(await signIn())).status).toBe(200);
  });

  it('seven days after sign-in however often it was used', async () => {
    const cookie = await signIn();
    const other = await signIn();
    const signedInAt = clock;
    // Used every six hours, never idle long enough to end.
    while (clock + SIX_HOURS < signedInAt + SESSION_MAX_MS) {
      clock += SIX_HOURS;
      expect((await rpc(cookie)).status).toBe(200);
    }
    clock = signedInAt + SESSION_MAX_MS;
    expect((await rpc(cookie)).status).toBe(401);
    // A session is its own: the other browser's, unused for days, ended on its own account.
    expect(JSON.parse((await rpc(other)).body).error.code).toBe('unauthorized');
  });
});
