import { nodeCrypto } from '../nodeCrypto';

/** A session nobody used for this long ends: a browser left signed in overnight signs in again. */
export const SESSION_IDLE_MS = 12 * 3_600_000;
/** However busy (the open page polls), a session ends this long after its sign-in. */
export const SESSION_MAX_MS = 7 * 86_400_000;

export type SessionState = 'active' | 'expired' | 'unknown';

/**
 * The dashboard's signed-in browsers, in memory: a restart signs every one out. A login link
 * gives a session; each use keeps it alive until it has been idle too long or is too old.
 */
export function createDashboardSessions(now: () => number) {
  const sessions = new Map<string, { startedAt: number; lastUsedAt: number }>();
  const isOver = (s: { startedAt: number; lastUsedAt: number }, t: number) => t - s.lastUsedAt >= SESSION_IDLE_MS || t - s.startedAt >= SESSION_MAX_MS;

  return {
    start(): string {
      const t = now();
      for (const [id, s] of sessions) if (isOver(s, t)) sessions.delete(id);
      const id = nodeCrypto().randomBytes(32).toString('base64url');
      sessions.set(id, { startedAt: t, lastUsedAt: t });
      return id;
    },
    /** Whether the session is alive; using an alive one counts as activity. An ended one is forgotten. */
    use(id: string | undefined): SessionState {
      const s = id === undefined ? undefined : sessions.get(id);
      if (!s) return 'unknown';
      const t = now();
      if (isOver(s, t)) {
        sessions.delete(id!);
        return 'expired';
      }
      s.lastUsedAt = t;
      return 'active';
    },
  };
}
