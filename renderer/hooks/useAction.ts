import { useCallback, useState } from 'react';
import { trackActivity } from '../activity';

export interface Action<A extends unknown[], R> {
  /** Runs the work; resolves to its result, or undefined when it failed (the error is kept). */
  run(...args: A): Promise<R | undefined>;
  busy: boolean;
  error: Error | null;
  clearError(): void;
}

/** A button's long operation: busy while it runs, the core's sentence when it fails. */
export function useAction<A extends unknown[], R>(work: (...args: A) => Promise<R>): Action<A, R> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const run = useCallback(
    async (...args: A) => {
      setBusy(true);
      setError(null);
      try {
        return await trackActivity(work(...args));
      } catch (err) {
        setError(err as Error);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [work],
  );
  return { run, busy, error, clearError: useCallback(() => setError(null), []) };
}
