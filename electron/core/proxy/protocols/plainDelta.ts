/**
 * Recognises, from its raw text, a stream event that carries nothing but a piece of text: no
 * usage, no error, no finish, no tool call. A passthrough stream that already has content need
 * not parse such an event (most of a reply), only count its characters. Anything unusual (other
 * fields, escapes in the text, several choices) reads as "parse it".
 */
import type { Protocol } from '../../../../shared/schemas';
import type { SseEvent } from './sse';

export const MUST_PARSE = -1;

/** True when data[from, to) holds no backslash (single-character searches are the fast ones in V8). */
function noEscapeBetween(data: string, from: number, to: number): boolean {
  const escape = data.indexOf('\\', from);
  return escape === -1 || escape >= to;
}

/**
 * The one escape-free JSON string value after `marker`: where it starts and where its closing quote
 * is (no escape means the first quote closes it), or null when there is not exactly one such value.
 */
function soleString(data: string, marker: string): { from: number; to: number } | null {
  const at = data.indexOf(marker);
  if (at === -1 || data.indexOf(marker, at + marker.length) !== -1) return null;
  const from = at + marker.length;
  const to = data.indexOf('"', from);
  if (to === -1) return null;
  return noEscapeBetween(data, from, to) ? { from, to } : null;
}

function soleStringLength(data: string, marker: string): number {
  const text = soleString(data, marker);
  return text ? text.to - text.from : MUST_PARSE;
}

const looksLikeObject = (data: string) => data.charCodeAt(0) === 0x7b && data.charCodeAt(data.length - 1) === 0x7d;

const CHAT_TEXT = '"delta":{"content":"';

/**
 * Where the text of a Chat chunk lies when its delta is only content (the delta object closes
 * right after the string), with one choice, finish_reason null and no usage object or error
 * (OpenAI sends "usage":null on every chunk when usage was asked for); null for any other event.
 * The text has no escapes, so the raw slice is the decoded string.
 */
function chatPlainDeltaSpan(data: string): { from: number; to: number } | null {
  if (!looksLikeObject(data)) return null;
  const text = soleString(data, CHAT_TEXT);
  if (!text || data.charCodeAt(text.to + 1) !== 0x7d) return null;
  const afterDelta = text.to + 2;
  if (data.indexOf('"finish_reason":null', afterDelta) === -1 || data.indexOf('"index"', afterDelta) !== -1 || data.includes('"usage":{') || data.includes('"error"')) return null;
  return text;
}

/**
 * Reads plain Chat text deltas (see chatPlainDeltaSpan) for one stream. A stream's deltas share
 * one frame (id, model, choice, the keys after the text) around different text, so the frame of
 * the last delta that passed the full check is kept: an event in the same frame, with neither
 * quote nor backslash in its text, is the same JSON around other text, and is read with two
 * comparisons instead of five searches through the event.
 */
export function createChatPlainDeltaReader(): (data: string) => string | null {
  let head = '';
  let tail = '';
  return (data) => {
    // Slices compared with ===: V8's startsWith and endsWith cost several times more here.
    const from = head.length;
    const to = data.length - tail.length;
    if (from && to >= from && data.slice(0, from) === head && data.slice(to) === tail && data.indexOf('"', from) === to && noEscapeBetween(data, from, to)) {
      return data.slice(from, to);
    }
    const text = chatPlainDeltaSpan(data);
    if (!text) return null;
    head = data.slice(0, text.from);
    tail = data.slice(text.to);
    return data.slice(text.from, text.to);
  };
}

function anthropicPlainDelta(ev: SseEvent): number {
  const { data } = ev;
  if (ev.event !== 'content_block_delta' || !looksLikeObject(data)) return MUST_PARSE;
  if (data.includes('"type":"text_delta"')) return soleStringLength(data, '"text":"');
  if (data.includes('"type":"thinking_delta"')) return soleStringLength(data, '"thinking":"');
  return MUST_PARSE;
}

/**
 * Counts the characters of plain delta events of one stream in the protocol, or answers
 * MUST_PARSE. Responses events always parse (their sequence numbers are tracked).
 */
export function createPlainDeltaCounter(protocol: Protocol): (ev: SseEvent) => number {
  if (protocol === 'chat') {
    const read = createChatPlainDeltaReader();
    return (ev) => read(ev.data)?.length ?? MUST_PARSE;
  }
  if (protocol === 'anthropic') return anthropicPlainDelta;
  return () => MUST_PARSE;
}
