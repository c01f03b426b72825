/**
 * The life cycle every stream decoder and encoder shares, so each protocol only says how its
 * events map: nothing passes after the terminal event, garbage becomes an error (never a
 * silent loss or a throw), and an encoder opens its stream before the first content.
 */
import { isRecord, parseJson, type JsonObject } from './guards';
import type { NormEvent } from './ir';
import type { SseEvent } from './sse';
import type { Usage } from './usage';

export interface StreamDecoder {
  push(ev: SseEvent): NormEvent[];
  /** The upstream closed the connection. */
  end(): NormEvent[];
  /** The JSON of the event last pushed (undefined when it was not JSON or not read), so callers need not parse it again. */
  lastPayload(): unknown;
  /**
   * The text of an event that decodes to one text event and nothing else, read without decoding
   * it (the decoder's state moves as push would move it), or null when it must be pushed.
   */
  plainText?(ev: SseEvent): string | null;
  /**
   * The usage reported by the events pushed so far, read as the terminal event will carry it (null
   * when none, or none that counts): for a protocol that reports it before its terminal event
   * (Anthropic's message_delta comes before message_stop).
   */
  usageSoFar?(): Usage | null;
}

export interface StreamEncoder {
  push(ev: NormEvent): SseEvent[];
  /** The events of one text delta that continues the open text, or null when it must be pushed as a text event. */
  text?(text: string): SseEvent[] | null;
}

// The decoders' sentence for a stream cut off, which the proxy's sentences for the failure also word.
export { UNFINISHED_STREAM } from '../../../../shared/callFailureSentences';

export function streamError(message: string, errorType = 'api_error'): NormEvent {
  return { type: 'error', message, errorType };
}

export interface DecoderHandlers {
  /** One parsed event payload. */
  event(payload: JsonObject, sse: SseEvent): NormEvent[];
  /** The connection closed before any terminal event. */
  end(): NormEvent[];
  /** `[DONE]` arrived (Chat streams); treated as `end` when absent. */
  done?(): NormEvent[];
  /** The events of a plain text delta recognised from its raw text (no JSON.parse), or null when the event must be parsed. */
  plain?(sse: SseEvent): NormEvent[] | null;
  /** Like `plain`, for a delta that decodes to one text event and nothing else: its text. */
  plainText?(sse: SseEvent): string | null;
}

export function createDecoder(handlers: DecoderHandlers): StreamDecoder {
  let done = false;
  let last: unknown;
  const settle = (events: NormEvent[]) => {
    if (events.some((e) => e.type === 'finish' || e.type === 'error')) done = true;
    return events;
  };
  return {
    push(sse) {
      last = undefined;
      if (done) return [];
      const plain = handlers.plain?.(sse);
      if (plain) return settle(plain);
      const text = sse.data.trim();
      if (!text) return [];
      if (text === '[DONE]') return settle((handlers.done ?? handlers.end)());
      const payload = parseJson(text);
      last = payload;
      if (!isRecord(payload)) return settle([streamError(`The upstream sent a stream event that is not JSON: ${text.slice(0, 200)}`)]);
      return settle(handlers.event(payload, sse));
    },
    end() {
      return done ? [] : settle(handlers.end());
    },
    lastPayload: () => last,
    plainText:
      handlers.plainText &&
      ((sse) => {
        if (done) return null;
        const text = handlers.plainText!(sse);
        if (text !== null) last = undefined;
        return text;
      }),
  };
}

type FinishEvent = Extract<NormEvent, { type: 'finish' }>;
type ErrorEvent = Extract<NormEvent, { type: 'error' }>;
type StartEvent = Extract<NormEvent, { type: 'start' }>;

export interface EncoderHandlers {
  start(info: Omit<StartEvent, 'type'>): SseEvent[];
  content(ev: NormEvent): SseEvent[];
  finish(ev: FinishEvent): SseEvent[];
  /** `started` says whether `start` was already written. */
  error(ev: ErrorEvent, started: boolean): SseEvent[];
  /** The events of a text delta that continues the open text block, or null when it does not. */
  text?(text: string): SseEvent[] | null;
}

export function createEncoder(handlers: EncoderHandlers): StreamEncoder {
  let started = false;
  let ended = false;
  return {
    push(ev) {
      if (ended) return [];
      if (ev.type === 'error') {
        ended = true;
        return handlers.error(ev, started);
      }
      const opening = started ? null : handlers.start(ev.type === 'start' ? ev : {});
      started = true;
      if (ev.type === 'finish') ended = true;
      const events = ev.type === 'finish' ? handlers.finish(ev) : handlers.content(ev);
      // Every event but the first has no opening: no copy for those.
      return opening ? [...opening, ...events] : events;
    },
    text: handlers.text && ((text) => (started && !ended ? handlers.text!(text) : null)),
  };
}
