import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUsageRepo } from '../../../electron/core/store/usage';
import { ledgerRow } from '../../helpers/ledgerRow';
import { makeTempEnv, type TempEnv } from '../../helpers/tempEnv';
import { makeTestApp } from '../../helpers/testApp';
import { inTimeZone } from '../../helpers/timeZone';

describe("a call's diagnostic", () => {
  let t: TempEnv;
  let app: ReturnType<typeof makeTestApp>;
  const ts = Date.parse('2026-12-07T05:01:00.250Z');
  let id: number;
  let served: number;

  beforeEach(() => {
    t = makeTempEnv();
    app = makeTestApp(t);
    const repo = createUsageRepo(app.db);
    repo.insertMany([
      ledgerRow(ts, { status: 502, errorClass: 'server', failedProviders: ['gw'], attempts: 1, ttfbMs: null, totalMs: 35 }),
      ledgerRow(ts + 1000, { provider: 'backup', failedProviders: ['gw'], attempts: 2 }),
    ]);
    [served, id] = repo.calls({ since: 0, outcome: 'all' }, 2, 0).rows.map((row) => row.id);
  });
  afterEach(() => {
    app.close();
    t.cleanup();
  });

  const timeLine = (zone: string) =>
    inTimeZone(zone, () => app.usage.diagnostic({ id }).text.split('\n')[0]);

  it("gives its time on the local clock with the offset, so neither the user nor a gateway's support wonders which zone", () => {
    expect(timeLine('Asia/Kolkata')).toBe('Time: 2026-12-07T10:31:00.250+05:30');
    expect(timeLine('America/St_Johns')).toBe('Time: 2026-12-07T01:31:00.250-03:30');
    expect(timeLine('UTC')).toBe('Time: 2026-12-07T05:01:00.250+00:00');
    // Whatever the zone, the text is the one instant the call was made.
    for (const zone of ['Asia/Kathmandu', 'America/Los_Angeles', 'Pacific/Chatham']) expect(Date.parse(timeLine(zone).slice('Time: '.length))).toBe(ts);
  });

  it('names the provider, and apart from it the providers that failed, without saying the call failed "after" its own provider, and times without a "- ms"', () => {
    const lines = (callId: number) => app.usage.diagnostic({ id: callId }).text.split('\n');
    expect(lines(id)).toEqual(expect.arrayContaining(['Provider: gw', 'Providers that failed: gw']));
    expect(lines(served)).toEqual(expect.arrayContaining(['Provider: backup', 'Providers that failed: gw']));
    expect(lines(id).join('\n')).not.toContain('after failures');
    expect(lines(id)).toContain('Time to first byte: none (no answer started); total: 35 ms');
    expect(lines(served)).toContain('Time to first byte: 100 ms; total: 200 ms');
  });
});
