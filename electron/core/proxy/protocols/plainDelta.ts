/**
 * Recognises, from its raw text, a stream event that carries nothing but a piece of text: no
 * usage, no error, no finish, no tool call. A passthrough stream that already has content need
 * not parse such an event (most of a reply), only count its characters. Anything unusual (other
 * fields, escapes in the text, several choices) reads as "parse it".
 */
import type { Protocol } from '../../../../shared/schemas';
import type { SseEvent } from './sse';

export const MUST_PARSE = -1;

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
  // Only the string itself is searched for a backslash: a delta's text is short, the event around it is not.
  for (let i = from; i < to; i++) if (data.charCodeAt(i) === 0x5c) return null;
  return { from, to };
}

function soleStringLength(data: string, marker: string): number {
  const text = soleString(data, marker);
  return text ? text.to - text.from : MUST_PARSE;
}

const looksLikeObject = (data: string) => data.charCodeAt(0) === 0x7b && data.charCodeAt(data.length - 1) === 0x7d;

const CHAT_TEXT = '"delta":{"content":"';

/**
 * The text of a Chat chunk whose delta is only content (the delta object closes right after the
 * string), with one choice, finish_reason null and no usage object or error (OpenAI sends
 * "usage":null on every chunk when usage was asked for); null for any other event. The text has
 * no escapes, so the raw slice is the decoded string.
 */
export function chatPlainDeltaText(data: string): string | null {
  if (!looksLikeObject(data)) return null;
  const text = soleString(data, CHAT_TEXT);
  if (!text || data.charCodeAt(text.to + 1) !== 0x7d) return null;
  const afterDelta = text.to + 2;
  if (data.indexOf('"finish_reason":null', afterDelta) === -1 || data.indexOf('"index"', afterDelta) !== -1 || data.includes('"usage":{') || data.includes('"error"')) return null;
  return data.slice(text.from, text.to);
}

function anthropicPlainDelta(ev: SseEvent): number {
  const { data } = ev;
  if (ev.event !== 'content_block_delta' || !looksLikeObject(data)) return MUST_PARSE;
  if (data.includes('"type":"text_delta"')) return soleStringLength(data, '"text":"');
  if (data.includes('"type":"thinking_delta"')) return soleStringLength(data, '"thinking":"');
  return MUST_PARSE;
}

/** Characters of text in a plain delta event of the protocol, or MUST_PARSE. Responses events always parse (their sequence numbers are tracked). */
export function plainDeltaChars(protocol: Protocol, ev: SseEvent): number {
  if (protocol === 'chat') return chatPlainDeltaText(ev.data)?.length ?? MUST_PARSE;
  if (protocol === 'anthropic') return anthropicPlainDelta(ev);
  return MUST_PARSE;
}
