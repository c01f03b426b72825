import type { BreakerState } from '../../../shared/schemas';

export interface BreakerSettings {
  /** Consecutive failures that open the breaker. */
  threshold: number;
  /** How long an open breaker keeps the provider out before one probe is let through. */
  coolDownMs: number;
}

interface Entry {
  failures: number;
  openUntil: number | null;
  probing: boolean;
  lastError: string | null;
}

export type Admission = 'allowed' | 'probe' | 'open';

/** Where breaker states are kept between processes, so "switchboard status" sees the proxy's. */
export interface BreakerStore {
  load(): Record<number, { failures: number; openUntil: number | null; lastError: string | null }>;
  save(states: Record<number, { failures: number; openUntil: number | null; lastError: string | null }>): void;
}

/**
 * One circuit breaker per provider: after `threshold` consecutive failures the provider is skipped
 * for a cool-down; then a single probe request goes through, and its outcome closes or reopens it.
 */
export function createBreakers(settings: () => BreakerSettings, now: () => number = Date.now, store?: BreakerStore) {
  const entries = new Map<number, Entry>(
    Object.entries(store?.load() ?? {}).map(([id, e]) => [Number(id), { ...e, probing: false }] as const),
  );
  const persist = () =>
    store?.save(Object.fromEntries([...entries].map(([id, e]) => [id, { failures: e.failures, openUntil: e.openUntil, lastError: e.lastError }])));
  const entry = (id: number): Entry => {
    let e = entries.get(id);
    if (!e) {
      e = { failures: 0, openUntil: null, probing: false, lastError: null };
      entries.set(id, e);
    }
    return e;
  };

  function stateOf(id: number): BreakerState['state'] {
    const e = entries.get(id);
    if (!e || e.openUntil === null) return 'closed';
    return now() >= e.openUntil ? 'half_open' : 'open';
  }

  return {
    stateOf,
    /** Whether a call may go to the provider now; a half-open breaker admits one probe at a time. */
    admit(id: number): Admission {
      const state = stateOf(id);
      if (state === 'closed') return 'allowed';
      const e = entry(id);
      if (state === 'half_open' && !e.probing) {
        e.probing = true;
        return 'probe';
      }
      return 'open';
    },
    /** When the provider's cool-down ends (for picking the least-bad provider when all are open). */
    retryAt: (id: number): number => entries.get(id)?.openUntil ?? 0,
    success(id: number): void {
      const e = entries.get(id);
      if (!e) return;
      const changed = e.failures > 0 || e.openUntil !== null;
      e.failures = 0;
      e.openUntil = null;
      e.probing = false;
      e.lastError = null;
      if (changed) persist();
    },
    /** The call ended without a verdict (its caller left): a probe it held may be sent again. */
    release(id: number): void {
      const e = entries.get(id);
      if (e) e.probing = false;
    },
    failure(id: number, error: string): void {
      const e = entry(id);
      e.failures += 1;
      e.lastError = error;
      const { threshold, coolDownMs } = settings();
      if (e.probing || e.failures >= threshold) e.openUntil = now() + coolDownMs;
      e.probing = false;
      persist();
    },
    view(id: number, provider: string): BreakerState {
      const e = entries.get(id);
      return {
        provider,
        state: stateOf(id),
        consecutiveFailures: e?.failures ?? 0,
        retryAt: e?.openUntil ?? null,
        lastError: e?.lastError ?? null,
      };
    },
  };
}

export type Breakers = ReturnType<typeof createBreakers>;
