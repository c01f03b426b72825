/** Reads usage from a stream the proxy pipes through unchanged (same protocol on both sides). */
import type { Protocol } from '../../../../shared/schemas';
import { createStreamConverter } from './convert';
import type { SseEvent } from './sse';
import type { Usage } from './usage';

export interface UsageTap {
  push(ev: SseEvent): void;
  end(): void;
  /** Usage once the stream finished; null before that or when the upstream reported none. */
  usage(): Usage | null;
}

export function createUsageTap(protocol: Protocol): UsageTap {
  const passthrough = createStreamConverter(protocol, protocol);
  return {
    push: (ev) => void passthrough.push(ev),
    end: () => void passthrough.end(),
    usage: () => passthrough.usage(),
  };
}
