import { useCallback, useEffect, useRef, useState } from 'react';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/contract';
import { trackActivity } from '../activity';
import { invoke } from '../bridge';

export interface ChannelState<T> {
  data: T | undefined;
  /** When the answer shown arrived, by this browser's clock (0 before the first). */
  readAt: number;
  error: Error | null;
  loading: boolean;
  /** Fetches again; the old data stays on screen meanwhile. */
  reload(): Promise<void>;
}

/** Reads a channel when the component mounts and whenever its input changes. */
export function useChannel<C extends Channel>(channel: C, input: ChannelInput<C>): ChannelState<ChannelOutput<C>> {
  const [answer, setAnswer] = useState<{ data: ChannelOutput<C> | undefined; readAt: number }>({ data: undefined, readAt: 0 });
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const key = JSON.stringify(input);
  // Only the newest request may write: a slow old answer must not replace a newer one.
  const latest = useRef(0);

  const reload = useCallback(async () => {
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const result = await trackActivity(invoke(channel, JSON.parse(key) as ChannelInput<C>));
      if (ticket !== latest.current) return;
      setAnswer({ data: result, readAt: Date.now() });
      setError(null);
    } catch (err) {
      if (ticket === latest.current) setError(err as Error);
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, [channel, key]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { ...answer, error, loading, reload };
}
