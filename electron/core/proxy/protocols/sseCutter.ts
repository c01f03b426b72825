/**
 * Cuts a byte stream of server-sent events after its last complete event, so a passthrough relay
 * can send the upstream's own bytes event by event and still replace one event when it must.
 * Line ends are LF, CRLF or CR as the SSE spec allows; an event ends at a blank line.
 */
const LF = 10;
const CR = 13;

export interface SseEventCutter {
  /** The bytes up to the end of the last complete event so far; the rest is kept for the next chunk. */
  take(chunk: Uint8Array): Uint8Array;
}

const isLineEnd = (byte: number | undefined) => byte === LF || byte === CR;

/** Where the last blank line ends (0 when there is none), found from the end: usually within a few bytes. */
export function lastEventEnd(bytes: Uint8Array): number {
  // A CR at the very end may be half of a CRLF: it decides nothing until the next chunk.
  const end = bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
  for (let k = end - 1; k > 0; k--) {
    const byte = bytes[k];
    if (byte === CR && bytes[k + 1] === LF) continue; // the first half of a CRLF seen at k + 1
    if (byte !== LF && byte !== CR) continue;
    const lineStart = byte === LF && bytes[k - 1] === CR ? k - 1 : k;
    if (lineStart > 0 && isLineEnd(bytes[lineStart - 1])) return k + 1;
  }
  return 0;
}

const NOTHING = new Uint8Array(0);

export function createSseEventCutter(): SseEventCutter {
  let tail = NOTHING;
  return {
    take(chunk) {
      let bytes = chunk;
      if (tail.length) {
        bytes = new Uint8Array(tail.length + chunk.length);
        bytes.set(tail);
        bytes.set(chunk, tail.length);
      }
      const cut = lastEventEnd(bytes);
      // Most chunks end with an event: no copy and no view for those.
      if (cut === bytes.length) {
        tail = NOTHING;
        return bytes;
      }
      tail = bytes.slice(cut);
      return bytes.subarray(0, cut);
    },
  };
}
