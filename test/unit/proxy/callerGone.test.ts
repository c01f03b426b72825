import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { sleepUnlessGone, watchCallerGone } from '../../../electron/core/proxy/callerGone';

/** A response whose caller leaves with `leave()` (a 'close' before the response finished). */
function response(destroyed = false) {
  const res = Object.assign(new EventEmitter(), { destroyed, writableFinished: false });
  return { res: res as unknown as ServerResponse, leave: () => res.emit('close') };
}

describe('waiting unless the caller is gone', () => {
  it('waits the whole time for a caller that stays', async () => {
    const started = Date.now();
    await sleepUnlessGone(60, watchCallerGone(response().res));
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('ends at once for a caller already gone, and early for one that leaves', async () => {
    const started = Date.now();
    await sleepUnlessGone(5000, watchCallerGone(response(true).res));
    const { res, leave } = response();
    const waiting = sleepUnlessGone(5000, watchCallerGone(res));
    setTimeout(leave, 20);
    await waiting;
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
