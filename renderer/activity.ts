import { useSyncExternalStore } from 'react';

// Counts contract calls in flight so one thin bar can say "working" for the whole window.
let inFlight = 0;
const listeners = new Set<() => void>();

function notify() {
  for (const listener of listeners) listener();
}

export function trackActivity<T>(work: Promise<T>): Promise<T> {
  inFlight += 1;
  notify();
  return work.finally(() => {
    inFlight -= 1;
    notify();
  });
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useBusyWindow(): boolean {
  return useSyncExternalStore(subscribe, () => inFlight > 0);
}
