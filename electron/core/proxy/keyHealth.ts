/** How long a key rejected for auth or quota stays behind the provider's other keys. */
const SET_ASIDE_MS = 10 * 60_000;

/**
 * Keys a gateway rejected (auth or quota) are set aside: the provider's other keys are tried
 * first until the key works again or its time out is over. Kept in memory: a restart retries all.
 */
export function createKeyHealth(now: () => number = Date.now) {
  const asideUntil = new Map<string, number>();
  const isAside = (key: string) => (asideUntil.get(key) ?? 0) > now();
  return {
    /** The provider's keys, usable ones first, in their configured order. */
    order(keys: readonly string[]): string[] {
      return [...keys.filter((k) => !isAside(k)), ...keys.filter(isAside)];
    },
    setAside(key: string): void {
      asideUntil.set(key, now() + SET_ASIDE_MS);
    },
    restore(key: string): void {
      asideUntil.delete(key);
    },
  };
}

export type KeyHealth = ReturnType<typeof createKeyHealth>;
