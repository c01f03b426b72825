import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { CallerGone } from './callerGone';

/**
 * One POST to a gateway on undici's dispatch API. undici's `request()` wraps every reply body in a
 * Readable stream and every call in an AbortSignal; on the proxy's hot path that machinery cost
 * more than the proxying itself, so the reply's chunks go from the dispatch callback to their
 * consumer directly and the caller's leaving aborts the call through the dispatch controller.
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

/** What a consumer does with a chunk: nothing to wait for, or a promise (the caller's socket is full). */
export type ChunkConsumer = (chunk: Uint8Array) => Promise<void> | void;

export interface ReplyBody {
  /**
   * Hands each chunk to `onChunk` as it arrives, in the dispatch callback itself: no promise or
   * stream per chunk. While a returned promise is pending the gateway is paused. Resolves at the
   * end (or after `cancel`), rejects with the transport's error or the consumer's.
   */
  forEach(onChunk: ChunkConsumer): Promise<void>;
  /** Stops the call: the consumer wants nothing more from the gateway. */
  cancel(): void;
  /** The whole reply as it came: audio and other binary replies must not pass through a text decoder. */
  bytes(): Promise<Buffer>;
  text(): Promise<string>;
}

/** Chunks held before a consumer takes them: past this the gateway is paused. */
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
  private cancelled = false;
  private failure: unknown = null;
  private controller: Dispatcher.DispatchController | null = null;
  private consumer: ChunkConsumer | null = null;
  /** A consumer's promise is pending: chunks queue meanwhile. */
  private waiting = false;
  private pumpQueued = false;
  private settle: { resolve: () => void; reject: (err: unknown) => void } | null = null;

  attach(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
  }

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    if (this.consumer) this.pumpSoon();
    else if (this.chunks.length >= HIGH_WATER_CHUNKS) this.controller?.pause();
  }

  end(): void {
    this.ended = true;
    this.pumpSoon();
  }

  fail(err: unknown): void {
    this.failure = err;
    this.pumpSoon();
  }

  /**
   * undici hands over each chunk of a chunked reply separately, all of one socket read in one
   * go: a streamed reply of a few hundred bytes per event is dozens of calls. Pumping once that
   * read is done (a microtask: no timer, no added latency) gives the consumer them as one chunk,
   * so parsing, converting and writing to the caller happen once per read instead of per event.
   */
  private pumpSoon(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    queueMicrotask(this.queuedPump);
  }

  private readonly queuedPump = (): void => {
    this.pumpQueued = false;
    this.pump();
  };

  /** Everything queued, as one chunk. */
  private takeAll(): Uint8Array | undefined {
    const { chunks } = this;
    if (chunks.length < 2) return chunks.pop();
    this.chunks = [];
    return Buffer.concat(chunks);
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    if (!this.ended && !this.failure) this.controller?.abort(new Error('the reply was no longer needed'));
    this.pump();
  }

  forEach(onChunk: ChunkConsumer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.consumer = onChunk;
      this.settle = { resolve, reject };
      this.controller?.resume();
      this.pump();
    });
  }

  async bytes(): Promise<Buffer> {
    const parts: Uint8Array[] = [];
    let size = 0;
    await this.forEach((chunk) => {
      parts.push(chunk);
      size += chunk.length;
    });
    return Buffer.concat(parts, size);
  }

  async text(): Promise<string> {
    return (await this.bytes()).toString('utf8');
  }

  private finish(err?: unknown): void {
    const settle = this.settle;
    this.consumer = null;
    this.settle = null;
    if (err === undefined) settle?.resolve();
    else settle?.reject(err);
  }

  private pump(): void {
    const consume = this.consumer;
    if (!consume) return;
    while (!this.waiting && this.consumer === consume) {
      if (this.cancelled) return this.finish();
      const chunk = this.takeAll();
      if (chunk === undefined) {
        if (this.failure) this.finish(this.failure);
        else if (this.ended) this.finish();
        return;
      }
      let pending: Promise<void> | void;
      try {
        pending = consume(chunk);
      } catch (err) {
        this.controller?.abort(err as Error);
        return this.finish(err);
      }
      if (!pending) continue;
      this.waiting = true;
      this.controller?.pause();
      pending.then(
        () => {
          this.waiting = false;
          this.controller?.resume();
          this.pump();
        },
        (err: unknown) => {
          this.waiting = false;
          this.controller?.abort(err as Error);
          this.finish(err);
        },
      );
    }
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
