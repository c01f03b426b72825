/**
 * Recognises, from its raw text, a stream event that carries nothing but a piece of text: no
 * usage, no error, no finish, no tool call. A passthrough stream that already has content need
 * not parse such an event (most of a reply), only count its characters. Anything unusual (other
 * fields, escapes in the text, several choices) reads as "parse it".
 */
import type { Protocol } from '../../../../shared/schemas';
import type { SseEvent } from './sse';

export const MUST_PARSE = -1;

/** The length of the one plain JSON string value after `marker`, or MUST_PARSE when there is not exactly one or it has escapes. */
function soleStringLength(data: string, marker: string): number {
  const at = data.indexOf(marker);
  if (at === -1 || data.indexOf(marker, at + marker.length) !== -1) return MUST_PARSE;
  const from = at + marker.length;
  const to = data.indexOf('"', from);
  if (to === -1 || data.lastIndexOf('\\', to) >= from) return MUST_PARSE;
  return to - from;
}

const looksLikeObject = (data: string) => data.charCodeAt(0) === 0x7b && data.charCodeAt(data.length - 1) === 0x7d;

function chatPlainDelta(ev: SseEvent): number {
  const { data } = ev;
  if (!looksLikeObject(data) || !data.includes('"finish_reason":null')) return MUST_PARSE;
  if (data.includes('"usage"') || data.includes('"error"') || data.includes('"tool_calls"') || data.includes('"reasoning') || data.includes('"refusal"')) return MUST_PARSE;
  return soleStringLength(data, '"delta":{"content":"');
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
  if (protocol === 'chat') return chatPlainDelta(ev);
  if (protocol === 'anthropic') return anthropicPlainDelta(ev);
  return MUST_PARSE;
}
