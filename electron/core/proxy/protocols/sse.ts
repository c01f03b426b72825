/**
 * Server-sent events: an incremental parser that accepts chunks split anywhere (inside a
 * UTF-8 sequence, between CR and LF), and the encoder for what we write back.
 */
import { StringDecoder } from 'node:string_decoder';

export interface SseEvent {
  /** The `event:` field; absent for OpenAI Chat streams, which send bare `data:` lines. */
  event?: string;
  /** The `data:` lines joined with "\n" (may be "[DONE]"). */
  data: string;
}

export interface SseParser {
  push(chunk: string | Uint8Array): SseEvent[];
  /** Flushes a last event that lacks its closing blank line (some gateways omit it). */
  end(): SseEvent[];
}

const LF = 10;

export function createSseParser(): SseParser {
  // StringDecoder keeps a UTF-8 sequence split between chunks for the next one, at a fraction of TextDecoder's cost per chunk.
  const decoder = new StringDecoder('utf8');
  let atStart = true;
  let buffer = '';
  // How far `buffer` has been searched for a line end, so a long line arriving in many chunks is scanned once.
  let scanned = 0;
  let eventName: string | undefined;
  let dataLines: string[] = [];

  function append(text: string) {
    if (atStart && text) {
      atStart = false;
      // The stream may open with a byte-order mark, which is not part of the first field.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    buffer += text;
  }

  function takeLines(final: boolean): string[] {
    const lines: string[] = [];
    let start = 0;
    let i = scanned;
    // Line ends are found with indexOf (native), not a character loop; most streams have no CR at all.
    let cr = buffer.indexOf('\r', i);
    while (i < buffer.length) {
      const lf = buffer.indexOf('\n', i);
      if (cr !== -1 && cr < i) cr = buffer.indexOf('\r', i);
      const end = cr !== -1 && (lf === -1 || cr < lf) ? cr : lf;
      if (end === -1) {
        i = buffer.length;
        break;
      }
      // A CR at the end of a chunk may be the first half of CRLF: wait for the next chunk.
      if (end === cr && end + 1 === buffer.length && !final) {
        i = end;
        break;
      }
      lines.push(buffer.slice(start, end));
      i = end === cr && buffer.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
      start = i;
    }
    buffer = buffer.slice(start);
    scanned = i - start;
    return lines;
  }

  function dispatch(): SseEvent | null {
    if (eventName === undefined && dataLines.length === 0) return null;
    // Nearly every event has one data line: no join for those.
    const data = dataLines.length === 1 ? dataLines[0] : dataLines.join('\n');
    const ev: SseEvent = eventName === undefined ? { data } : { event: eventName, data };
    eventName = undefined;
    dataLines = [];
    return ev;
  }

  function feed(lines: string[]): SseEvent[] {
    const events: SseEvent[] = [];
    for (const line of lines) {
      if (line === '') {
        const ev = dispatch();
        if (ev) events.push(ev);
        continue;
      }
      // The common line first: one comparison instead of the field and value cut apart below.
      if (line.startsWith('data: ')) {
        dataLines.push(line.slice(6));
        continue;
      }
      if (line.startsWith(':')) continue; // comment / keep-alive
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') eventName = value;
      else if (field === 'data') dataLines.push(value);
      // `id` and `retry` do not matter to a proxy; unknown fields are ignored as the spec says.
    }
    return events;
  }

  return {
    push(chunk) {
      append(typeof chunk === 'string' ? chunk : decoder.write(chunk));
      return feed(takeLines(false));
    },
    end() {
      append(decoder.end());
      const lines = takeLines(true);
      if (buffer) lines.push(buffer);
      buffer = '';
      scanned = 0;
      const events = feed(lines);
      const last = dispatch();
      return last ? [...events, last] : events;
    },
  };
}

/** One event on the wire; multi-line data becomes several `data:` lines. */
export function encodeSse(ev: SseEvent): string {
  const head = ev.event === undefined ? '' : `event: ${ev.event}\n`;
  // JSON payloads are one line: the common case needs no split.
  const data = ev.data.includes('\n') ? ev.data.replaceAll('\n', '\ndata: ') : ev.data;
  return `${head}data: ${data}\n\n`;
}

/** An event whose name is its payload's `type` (Anthropic and Responses streams). */
export function typedEvent<T extends { type: string }>(payload: T): SseEvent {
  return { event: payload.type, data: JSON.stringify(payload) };
}

/** A bare `data:` event (Chat streams). */
export function dataEvent(payload: unknown): SseEvent {
  return { data: typeof payload === 'string' ? payload : JSON.stringify(payload) };
}
