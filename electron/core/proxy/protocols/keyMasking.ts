/**
 * Some gateways quote the key they were sent in their errors. What the proxy reads from an
 * upstream's error (the sentence for the caller, the ledger and the breaker) and, in passthrough,
 * the error event itself carry the provider's keys masked.
 */
import { redactSecrets } from '../../../../shared/mask';
import type { NormEvent } from './ir';
import type { SseEvent } from './sse';
import type { StreamDecoder } from './streamLifecycle';

const maskErrors = (events: NormEvent[], secrets: readonly string[]): NormEvent[] =>
  events.some((ev) => ev.type === 'error') ? events.map((ev) => (ev.type === 'error' ? { ...ev, message: redactSecrets(ev.message, secrets) } : ev)) : events;

/** The decoder's error events (the upstream's own, or its garbage quoted) with the keys masked. */
export function decoderMaskingKeys(decoder: StreamDecoder, secrets: readonly string[]): StreamDecoder {
  if (!secrets.length) return decoder;
  return { ...decoder, push: (ev) => maskErrors(decoder.push(ev), secrets), end: () => maskErrors(decoder.end(), secrets) };
}

/** An upstream's own error event, passed through: the same event (so its bytes go as they came) unless it quotes a key. */
export function errorEventMaskingKeys(ev: SseEvent, secrets: readonly string[]): SseEvent {
  const data = redactSecrets(ev.data, secrets);
  return data === ev.data ? ev : { ...ev, data };
}
