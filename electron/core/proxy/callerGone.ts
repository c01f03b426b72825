import type { ServerResponse } from 'node:http';

/** Whether the caller went away, and who to tell when it does. */
export interface CallerGone {
  readonly aborted: boolean;
  /** Calls `listener` once the caller is gone (at once if it already is); returns the way to stop listening. */
  onAbort(listener: () => void): () => void;
}

/**
 * Watches for the caller closing its connection before its response was finished (a client
 * timeout, Ctrl+C, a closed tab), so the upstream call stops at once instead of being waited out,
 * failed over and billed for nobody. A plain listener list, not an AbortController: one is made
 * per call, and an AbortSignal's event machinery cost more than the rest of the check.
 */
export function watchCallerGone(res: ServerResponse): CallerGone {
  let listeners: (() => void)[] = [];
  const gone = {
    aborted: false,
    onAbort(listener: () => void): () => void {
      if (gone.aborted) {
        listener();
        return () => undefined;
      }
      listeners.push(listener);
      return () => {
        listeners = listeners.filter((l) => l !== listener);
      };
    },
  };
  const onClose = () => {
    if (res.writableFinished || gone.aborted) return;
    gone.aborted = true;
    const toTell = listeners;
    listeners = [];
    for (const listener of toTell) listener();
  };
  if (res.destroyed) onClose();
  else res.once('close', onClose);
  return gone;
}

/** Waits `ms`, or less when the caller goes away meanwhile. */
export function sleepUnlessGone(ms: number, gone: CallerGone): Promise<void> {
  return new Promise((resolve) => {
    // The timer first: a caller already gone is told at once, and that clears it.
    const timer = setTimeout(() => {
      stop();
      resolve();
    }, ms);
    const stop = gone.onAbort(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
