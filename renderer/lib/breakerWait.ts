import type { BreakerState } from '../../shared/schemas';

/**
 * How long until a skipped provider is tried again (ms, 0 once due; null when it is not waiting): the
 * wait the server gave when its answer arrived at `readAt`, less the time since by this browser's clock.
 * Only the clock's pace counts, never its setting: a dashboard opened from another machine may be hours off.
 */
export function waitLeft(breaker: BreakerState, readAt: number, now: number): number | null {
  if (breaker.state !== 'open' || breaker.retryInMs === null) return null;
  // A clock set back meanwhile must not lengthen the wait.
  return Math.max(0, breaker.retryInMs - Math.max(0, now - readAt));
}

/**
 * Whether two readings of the breakers say the same: the waits they give shrink from one reading to
 * the next, while the server's own deadline stays, so the earlier reading (and its time) still holds.
 */
export function sameBreakers(a: BreakerState[], b: BreakerState[]): boolean {
  const stable = (list: BreakerState[]) => JSON.stringify(list.map(({ retryInMs: _wait, ...rest }) => rest));
  return stable(a) === stable(b);
}
