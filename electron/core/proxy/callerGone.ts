import type { ServerResponse } from 'node:http';

/**
 * A signal that aborts when the caller closes its connection before its response was finished
 * (a client timeout, Ctrl+C, a closed tab), so the upstream call stops at once instead of being
 * waited out, failed over and billed for nobody.
 */
export function callerGoneSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) controller.abort();
  };
  if (res.destroyed) onClose();
  else res.once('close', onClose);
  return controller.signal;
}
