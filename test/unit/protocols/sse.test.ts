import { describe, expect, it } from 'vitest';
import { createSseParser, encodeSse, type SseEvent } from '../../../electron/core/proxy/protocols';

// CRLF, CR-only and LF line ends; a comment; multi-line data; no space after the colon;
// a bare field name; multi-byte UTF-8; [DONE]; and a last event without its blank line.
const WIRE =
  'event: message_start\r\ndata: {"a":1}\r\n\r\n' +
  ': keep-alive\n\n' +
  'data: line one\ndata: line two\n\n' +
  'data: cr only\r\r' +
  'data:nospace\n\n' +
  'data\n\n' +
  'id: 7\nretry: 100\ndata: héllo 世界 🎉\n\n' +
  'event: ping\n\n' +
  'data: [DONE]\n\n' +
  'event: last\ndata: {"end":true}';

const EXPECTED: SseEvent[] = [
  { event: 'message_start', data: '{"a":1}' },
  { data: 'line one\nline two' },
  { data: 'cr only' },
  { data: 'nospace' },
  { data: '' },
  { data: 'héllo 世界 🎉' },
  { event: 'ping', data: '' },
  { data: '[DONE]' },
  { event: 'last', data: '{"end":true}' },
];

function parseAll(chunks: Array<string | Uint8Array>): SseEvent[] {
  const parser = createSseParser();
  return [...chunks.flatMap((c) => parser.push(c)), ...parser.end()];
}

describe('SSE parser', () => {
  const bytes = new TextEncoder().encode(WIRE);

  it('parses the whole stream in one chunk', () => {
    expect(parseAll([bytes])).toEqual(EXPECTED);
  });

  it('gives the same events when the bytes are split at every possible boundary', () => {
    for (let i = 0; i <= bytes.length; i++) {
      expect(parseAll([bytes.subarray(0, i), bytes.subarray(i)]), `split at byte ${i}`).toEqual(EXPECTED);
    }
  });

  it('gives the same events when every byte arrives on its own (inside UTF-8 sequences and CRLF pairs)', () => {
    expect(parseAll([...bytes].map((b) => Uint8Array.of(b)))).toEqual(EXPECTED);
  });

  it('accepts string chunks split at every character', () => {
    for (let i = 0; i <= WIRE.length; i++) expect(parseAll([WIRE.slice(0, i), WIRE.slice(i)])).toEqual(EXPECTED);
  });

  it('treats a CR at the end of a chunk and an LF at the start of the next as one line end', () => {
    expect(parseAll(['data: a\r', '\n\r', '\ndata: b\r\n\r\n'])).toEqual([{ data: 'a' }, { data: 'b' }]);
  });

  it('strips a leading byte-order mark', () => {
    expect(parseAll([Uint8Array.of(0xef, 0xbb, 0xbf), new TextEncoder().encode('data: x\n\n')])).toEqual([{ data: 'x' }]);
  });

  it('emits nothing for comments and blank lines alone', () => {
    expect(parseAll([': ping\n\n\n\n: another\n\n'])).toEqual([]);
  });
});

describe('SSE encoder', () => {
  it('writes event and data lines and ends with a blank line', () => {
    expect(encodeSse({ event: 'message_stop', data: '{"type":"message_stop"}' })).toBe('event: message_stop\ndata: {"type":"message_stop"}\n\n');
    expect(encodeSse({ data: '[DONE]' })).toBe('data: [DONE]\n\n');
  });

  it('splits multi-line data into several data lines that parse back to the same event', () => {
    const ev = { event: 'x', data: 'a\nb\n\nc' };
    expect(encodeSse(ev)).toBe('event: x\ndata: a\ndata: b\ndata: \ndata: c\n\n');
    expect(parseAll([encodeSse(ev)])).toEqual([ev]);
  });
});
