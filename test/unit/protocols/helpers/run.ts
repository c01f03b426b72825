import type { Protocol } from '../../../../shared/schemas';
import { createSseParser, createStreamConverter, encodeSse, type ConvertOptions, type SseEvent, type StreamConverter } from '../../../../electron/core/proxy/protocols';

/** Sends events over the wire form in chunks of `chunkSize` bytes, as a socket would deliver them. */
export function reparse(events: SseEvent[], chunkSize = 7): SseEvent[] {
  const bytes = new TextEncoder().encode(events.map(encodeSse).join(''));
  const parser = createSseParser();
  const out: SseEvent[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) out.push(...parser.push(bytes.subarray(i, i + chunkSize)));
  return [...out, ...parser.end()];
}

export interface Converted {
  events: SseEvent[];
  converter: StreamConverter;
}

/** Runs upstream events through a converter (via the wire form and the parser), then ends the stream. */
export function convertStream(from: Protocol, to: Protocol, upstream: SseEvent[], opts: ConvertOptions = {}): Converted {
  const converter = createStreamConverter(from, to, opts);
  const events = reparse(upstream).flatMap((ev) => converter.push(ev));
  return { events: [...events, ...converter.end()], converter };
}

export const PAIRS: Array<[Protocol, Protocol]> = [
  ['chat', 'anthropic'],
  ['responses', 'anthropic'],
  ['anthropic', 'chat'],
  ['responses', 'chat'],
  ['anthropic', 'responses'],
  ['chat', 'responses'],
];

/** Event types (and indices where they exist) of a converted stream, for exact golden comparisons. */
export function shape(events: SseEvent[]): string[] {
  return events.map((ev) => {
    if (ev.data === '[DONE]') return '[DONE]';
    const p = JSON.parse(ev.data) as Record<string, any>;
    if (ev.event === undefined) {
      if (p.error) return 'error';
      const c = p.choices[0];
      if (!c) return 'usage';
      const d = c.delta;
      const keys = Object.keys(d)
        .filter((k) => d[k] !== '' || k === 'content')
        .map((k) => (k === 'tool_calls' ? `tool_calls[${d.tool_calls.map((t: any) => t.index).join(',')}]` : k));
      return [...keys, ...(c.finish_reason ? [`finish:${c.finish_reason}`] : [])].join('+') || 'empty';
    }
    const index = p.index ?? p.output_index;
    const kind = p.content_block?.type ?? p.delta?.type ?? p.item?.type ?? '';
    return [ev.event, index, kind].filter((x) => x !== undefined && x !== '').join(' ');
  });
}
