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
  /**
   * Fetches again unseen, for a page that keeps itself current: no loading state and no busy bar, never
   * while another read is under way, and an answer that says the same as the one shown changes nothing.
   */
  refresh(): Promise<void>;
}

interface Answer<T> {
  data: T | undefined;
  readAt: number;
  error: Error | null;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Reads a channel when the component mounts and whenever its input changes. `same` says when a new
 * answer says nothing new (so the one shown, and when it arrived, stay); by default, when it is equal.
 */
export function useChannel<C extends Channel>(
  channel: C,
  input: ChannelInput<C>,
  same: (shown: ChannelOutput<C>, next: ChannelOutput<C>) => boolean = sameJson,
): ChannelState<ChannelOutput<C>> {
  const [answer, setAnswer] = useState<Answer<ChannelOutput<C>>>({ data: undefined, readAt: 0, error: null });
  const [loading, setLoading] = useState(true);
  const key = JSON.stringify(input);
  // Only the newest request may write: a slow old answer must not replace a newer one.
  const latest = useRef(0);
  const inFlight = useRef<Promise<void> | null>(null);
  const sameRef = useRef(same);
  useEffect(() => {
    sameRef.current = same;
  }, [same]);

  const read = useCallback(
    (quiet: boolean) => {
      const ticket = ++latest.current;
      const request = invoke(channel, JSON.parse(key) as ChannelInput<C>);
      const work = (async () => {
        try {
          const data = await (quiet ? request : trackActivity(request));
          if (ticket !== latest.current) return;
          const readAt = Date.now();
          setAnswer((shown) => (shown.error === null && shown.data !== undefined && sameRef.current(shown.data, data) ? shown : { data, readAt, error: null }));
        } catch (err) {
          if (ticket === latest.current) setAnswer((shown) => (shown.error?.message === (err as Error).message ? shown : { ...shown, error: err as Error }));
        } finally {
          if (ticket === latest.current) {
            inFlight.current = null;
            if (!quiet) setLoading(false);
          }
        }
      })();
      inFlight.current = work;
      return work;
    },
    [channel, key],
  );

  const reload = useCallback(() => {
    setLoading(true);
    return read(false);
  }, [read]);
  const refresh = useCallback(() => inFlight.current ?? read(true), [read]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { ...answer, loading, reload, refresh };
}
