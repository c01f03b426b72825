import { providerMishapSchema, type ProviderMishap } from '../../../shared/callFailure';
import type { BreakerState } from '../../../shared/schemas';

export interface BreakerSettings {
  /** Consecutive failures that open the breaker. */
  threshold: number;
  /** How long an open breaker keeps the provider out before one probe is let through. */
  coolDownMs: number;
}

/**
 * A failure at a provider as its breaker keeps it: the English sentence ("switchboard status" prints
 * it) and what went wrong there as a code, for the dashboard to word (absent where the proxy did not word it).
 */
export interface BreakerFailure {
  message: string;
  mishap?: ProviderMishap;
}

/** One provider's breaker as it is kept between processes. */
interface StoredBreaker {
  failures: number;
  openUntil: number | null;
  lastError: string | null;
  lastMishap: ProviderMishap | null;
}

interface Entry extends StoredBreaker {
  probing: boolean;
}

export type Admission = 'allowed' | 'probe' | 'open';

/** Where breaker states are kept between processes, so "switchboard status" sees the proxy's. */
export interface BreakerStore {
  /** States stored before the failure's code was kept have no `lastMishap`. */
  load(): Record<number, Omit<StoredBreaker, 'lastMishap'> & { lastMishap?: unknown }>;
  save(states: Record<number, StoredBreaker>): void;
  /**
   * The providers there are now. A state kept for any other id is a removed provider's: another process
   * (the CLI beside a running proxy) may have removed it, so it is dropped on load and at every save.
   */
  live(): ReadonlySet<number>;
}

/** A stored code this version cannot read (an older or newer one's) leaves the English sentence alone. */
const readMishap = (stored: unknown): ProviderMishap | null => (stored == null ? null : (providerMishapSchema.safeParse(stored).data ?? null));

/**
 * One circuit breaker per provider: after `threshold` consecutive failures the provider is skipped
 * for a cool-down; then a single probe request goes through, and its outcome closes or reopens it.
 */
export function createBreakers(settings: () => BreakerSettings, now: () => number = Date.now, store?: BreakerStore) {
  const entries = new Map<number, Entry>(
    Object.entries(store?.load() ?? {}).map(([id, e]) => [Number(id), { failures: e.failures, openUntil: e.openUntil, lastError: e.lastError, lastMishap: readMishap(e.lastMishap), probing: false }] as const),
  );
  const dropRemoved = () => {
    const live = store?.live();
    if (live) for (const id of entries.keys()) if (!live.has(id)) entries.delete(id);
  };
  dropRemoved();
  const persist = () => {
    dropRemoved();
    store?.save(Object.fromEntries([...entries].map(([id, e]) => [id, { failures: e.failures, openUntil: e.openUntil, lastError: e.lastError, lastMishap: e.lastMishap }])));
  };
  const entry = (id: number): Entry => {
    let e = entries.get(id);
    if (!e) {
      e = { failures: 0, openUntil: null, probing: false, lastError: null, lastMishap: null };
      entries.set(id, e);
    }
    return e;
  };

  function stateOf(id: number, at = now()): BreakerState['state'] {
    const e = entries.get(id);
    if (!e || e.openUntil === null) return 'closed';
    return at >= e.openUntil ? 'half_open' : 'open';
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
      e.lastMishap = null;
      if (changed) persist();
    },
    /** The provider is gone: its state must not pass to a provider added later under the same id. */
    forget(id: number): void {
      if (entries.delete(id)) persist();
    },
    /** The call ended without a verdict (its caller left): a probe it held may be sent again. */
    release(id: number): void {
      const e = entries.get(id);
      if (e) e.probing = false;
    },
    failure(id: number, failure: BreakerFailure): void {
      const e = entry(id);
      e.failures += 1;
      e.lastError = failure.message;
      e.lastMishap = failure.mishap ?? null;
      const { threshold, coolDownMs } = settings();
      if (e.probing || e.failures >= threshold) e.openUntil = now() + coolDownMs;
      e.probing = false;
      persist();
    },
    view(id: number, provider: string): BreakerState {
      const e = entries.get(id);
      // One reading of the clock, so an open breaker's wait is never 0 or less.
      const at = now();
      const state = stateOf(id, at);
      return {
        provider,
        state,
        consecutiveFailures: e?.failures ?? 0,
        retryAt: e?.openUntil ?? null,
        retryInMs: state === 'open' ? e!.openUntil! - at : null,
        lastError: e?.lastError ?? null,
        lastMishap: e?.lastMishap ?? null,
      };
    },
  };
}

export type Breakers = ReturnType<typeof createBreakers>;
