import { useEffect, useRef } from 'react';

/**
 * Runs `task` every `everyMs` while the window is shown: each run waits for the one before to end
 * (so never two at once), none runs while the window is hidden or minimised, and one runs as soon
 * as it is shown again, since what it reads may have changed meanwhile.
 */
export function useWhileVisible(task: () => Promise<void>, everyMs: number): void {
  const taskRef = useRef(task);
  useEffect(() => {
    taskRef.current = task;
  }, [task]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running = false;
    let stopped = false;
    const later = () => {
      clearTimeout(timer);
      if (!stopped && !document.hidden) timer = setTimeout(() => void run(), everyMs);
    };
    const run = async () => {
      if (running || stopped || document.hidden) return;
      running = true;
      try {
        await taskRef.current();
      } catch {
        // The task shows its own failure; the next run tries again.
      } finally {
        running = false;
      }
      later();
    };
    const onVisibility = () => {
      if (document.hidden) clearTimeout(timer);
      else void run();
    };
    document.addEventListener('visibilitychange', onVisibility);
    later();
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [everyMs]);
}
