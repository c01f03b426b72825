import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { CallerGone } from './callerGone';

/**
 * One POST to a gateway on undici's dispatch API. undici's `request()` wraps every reply body in a
 * Readable stream and every call in an AbortSignal; on the proxy's hot path that machinery cost
 * more than the proxying itself, so the reply's chunks are queued here directly and the caller's
 * leaving aborts the call through the dispatch controller.
 */
export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
  body: string | Buffer;
  /** Longest wait for the reply's headers, and between its chunks. */
  timeoutMs: number;
  gone: CallerGone;
}

export interface UpstreamReply {
  status: number;
  /** Lower-case names; a repeated header is an array. */
  headers: IncomingHttpHeaders;
  body: ReplyBody;
}

/** The reply's chunks in order; breaking out of the iteration aborts the call. */
export interface ReplyBody extends AsyncIterable<Uint8Array> {
  text(): Promise<string>;
}

/** Chunks held before the upstream is paused: a slow caller never makes us buffer a whole stream. */
const HIGH_WATER_CHUNKS = 32;

const origins = new Map<string, { origin: string; path: string }>();
/** A gateway URL split for dispatch; the few distinct URLs are parsed once, not per call. */
function splitUrl(url: string): { origin: string; path: string } {
  let split = origins.get(url);
  if (!split) {
    const parsed = new URL(url);
    split = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
    if (origins.size > 1000) origins.clear();
    origins.set(url, split);
  }
  return split;
}

class QueuedBody implements ReplyBody {
  private chunks: Uint8Array[] = [];
  private ended = false;
  private failure: unknown = null;
  private wake: (() => void) | null = null;
  private controller: Dispatcher.DispatchController | null = null;

  attach(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
  }

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    if (this.chunks.length >= HIGH_WATER_CHUNKS) this.controller?.pause();
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  fail(err: unknown): void {
    this.failure = err;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** The next chunk, or null at the end; throws the transport's error. */
  private async next(): Promise<Uint8Array | null> {
    for (;;) {
      if (this.chunks.length) {
        const chunk = this.chunks.shift()!;
        if (this.controller?.paused && this.chunks.length < HIGH_WATER_CHUNKS / 2) this.controller.resume();
        return chunk;
      }
      if (this.failure) throw this.failure;
      if (this.ended) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return {
      next: async () => {
        const chunk = await this.next();
        return chunk ? { value: chunk, done: false } : { value: undefined, done: true };
      },
      // A consumer that stops early (an error before content) wants nothing more from the gateway.
      return: async () => {
        if (!this.ended && !this.failure) this.controller?.abort(new Error('the reply was no longer needed'));
        return { value: undefined, done: true };
      },
    };
  }

  async text(): Promise<string> {
    const parts: Uint8Array[] = [];
    let size = 0;
    for (let chunk = await this.next(); chunk; chunk = await this.next()) {
      parts.push(chunk);
      size += chunk.length;
    }
    return Buffer.concat(parts, size).toString('utf8');
  }
}

/** Sends the request; resolves with the reply once its headers arrived, rejects on a transport failure. */
export function callUpstream(dispatcher: Dispatcher, req: UpstreamRequest): Promise<UpstreamReply> {
  const { origin, path } = splitUrl(req.url);
  return new Promise((resolve, reject) => {
    const body = new QueuedBody();
    let answered = false;
    let stopWatching: () => void = () => undefined;
    const settle = () => stopWatching();
    dispatcher.dispatch(
      { origin, path, method: 'POST', headers: req.headers, body: req.body, headersTimeout: req.timeoutMs, bodyTimeout: req.timeoutMs },
      {
        onRequestStart(controller) {
          body.attach(controller);
          stopWatching = req.gone.onAbort(() => controller.abort(new Error('the caller closed its connection')));
        },
        onResponseStart(_controller, status, headers) {
          answered = true;
          resolve({ status, headers, body });
        },
        onResponseData(_controller, chunk) {
          body.push(chunk);
        },
        onResponseEnd() {
          settle();
          body.end();
        },
        onResponseError(_controller, err) {
          settle();
          if (answered) body.fail(err);
          else reject(err);
        },
      },
    );
  });
}
