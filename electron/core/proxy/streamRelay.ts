import type { ServerResponse } from 'node:http';
import { createSseEventCutter, createSseParser, encodeSse, type SseEvent, type StreamConverter, type Usage } from './protocols';
import type { ProviderMishap } from '../../../shared/callFailure';
import { callFailureSentence } from '../../../shared/callFailureSentences';
import { connectionFailedMidAnswer, streamFailureOf, type StreamFailure } from './streamFailure';
import type { ReplyBody } from './upstreamCall';

export type StreamOutcome =
  /**
   * Nothing reached the caller: the reply failed before any content (the caller may be answered, or
   * another provider tried). `usage`: what the gateway reported before that (Anthropic's message_start);
   * `transportError`: the connection broke or fell silent (else `mishap`: the gateway said why, or closed).
   */
  | { kind: 'failed_before_content'; mishap: ProviderMishap; errorKind: string | null; usage: Usage | null; transportError: unknown }
  /** The caller has bytes; `error` says whether the reply ended badly (already reported in-stream). */
  | { kind: 'relayed'; error: StreamFailure | null; usage: Usage | null; ttfbMs: number | null; contentChars: number };

/** The headers every event stream the proxy answers with carries. */
const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };

/** A stream known whole before anything is sent (a complete reply replayed, an error alone), written at once. */
export function sendWholeStream(res: ServerResponse, events: SseEvent[], headers: Record<string, string>): void {
  res.writeHead(200, { ...SSE_HEADERS, ...headers });
  res.end(events.map(encodeSse).join(''));
}

/**
 * Writes respecting back-pressure, so a slow caller never makes us buffer a whole stream. A caller
 * that went away ends the wait (no 'drain' ever comes) and gets no more writes.
 */
export function writeChunk(res: ServerResponse, chunk: string | Uint8Array): Promise<void> | void {
  if (res.destroyed || res.write(chunk)) return;
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export interface RelayOptions {
  converter: StreamConverter;
  /** Same protocol on both sides: the upstream's bytes go out as they came, whole events at a time. */
  passthrough: boolean;
  headers: Record<string, string>;
  started: number;
  /** The provider's name, for the sentence the caller gets when its stream breaks. */
  provider: string;
}

/**
 * Relays an upstream SSE stream to the caller. Output is held back until the first content
 * (text, thinking or a tool call) arrives, so a gateway that sends only its preamble and then
 * fails is reported as a plain error, not a half-started reply. After that, a failure becomes an
 * in-stream error event in the caller's protocol, never a fake success.
 */
export async function relayStream(body: ReplyBody, res: ServerResponse, opts: RelayOptions): Promise<StreamOutcome> {
  const { converter } = opts;
  const parser = createSseParser();
  const cutter = createSseEventCutter();
  let held: (string | Uint8Array)[] = [];
  let open = false;
  let ttfbMs: number | null = null;
  let transportError: unknown = null;

  // Writes are synchronous while the caller keeps up: only a full socket returns a promise to wait on,
  // so an event costs no await (and no microtask) of its own.
  const emit = (chunk: string | Uint8Array): Promise<void> | void => {
    if (open) return writeChunk(res, chunk);
    held.push(chunk);
  };
  // One write per upstream chunk, not per event: fewer, larger socket writes.
  const emitEvents = (events: SseEvent[]): Promise<void> | void => {
    if (events.length) return emit(events.length === 1 ? encodeSse(events[0]) : events.map(encodeSse).join(''));
  };
  /**
   * Opens the response once content arrived (or the reply finished cleanly without any). The
   * decoder stops at an error, so content seen means it came before any error. What was held
   * goes out at once: it is what arrived before the first content, a few events.
   */
  const openIfReady = (): Promise<void> | void => {
    if (open) return;
    const p = converter.progress();
    if (!(p.content || (p.finished && !p.error))) return;
    res.writeHead(200, { ...SSE_HEADERS, connection: 'keep-alive', ...opts.headers });
    open = true;
    ttfbMs = Math.round(performance.now() - opts.started);
    const pending = held;
    held = [];
    let full: Promise<void> | void = undefined;
    for (const chunk of pending) full = writeChunk(res, chunk);
    return full;
  };
  const convert = (events: SseEvent[], raw?: Uint8Array): Promise<void> | void => {
    const out: SseEvent[] = [];
    // The passthrough converter hands each event back as it came, or a replacement (a repair, our own error for garbage).
    let unchanged = true;
    for (const ev of events) {
      const converted = converter.push(ev);
      if (converted.length !== 1 || converted[0] !== ev) unchanged = false;
      for (const c of converted) out.push(c);
    }
    if (opts.passthrough && raw) {
      // The upstream's bytes go out as they came, whole events at a time; when the converter
      // replaced an event, this chunk's events are re-encoded instead.
      const whole = cutter.take(raw);
      if (!unchanged) return emitEvents(out);
      if (whole.length) return emit(whole);
      return;
    }
    return emitEvents(out);
  };
  /** Before the response opens, each chunk may open it, or show the reply failed before any content. */
  const openOrGiveUp = (): Promise<void> | void => {
    const opened = openIfReady();
    if (!open && converter.progress().error) body.cancel();
    return opened;
  };

  try {
    // Synchronous while the caller keeps up: only a full socket makes a chunk wait.
    await body.forEach((chunk) => {
      const written = convert(parser.push(chunk), chunk);
      if (open) return written;
      return written ? written.then(openOrGiveUp) : openOrGiveUp();
    });
    if (open || !converter.progress().error) {
      await convert(parser.end());
      await emitEvents(converter.end());
      await openIfReady();
    }
  } catch (err) {
    transportError = err;
    // Who broke off, and that what the caller has is not the whole answer.
    const message = callFailureSentence(connectionFailedMidAnswer(opts.provider, err));
    if (open) await emitEvents(converter.fail(message));
    else converter.fail(message);
  }

  const progress = converter.progress();
  if (!open) {
    const mishap: ProviderMishap =
      progress.error === null ? { code: 'closed_without_reply' } : progress.cutOff ? { code: 'closed_unfinished' } : { code: 'said', words: progress.error };
    return { kind: 'failed_before_content', mishap, errorKind: progress.errorKind, usage: converter.usage(), transportError };
  }
  res.end();
  const error = progress.error === null ? null : streamFailureOf(opts.provider, progress, transportError);
  return { kind: 'relayed', error, usage: converter.usage(), ttfbMs, contentChars: progress.contentChars };
}
