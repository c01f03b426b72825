/**
 * The lookup the proxy server uses: any caller protocol to any upstream protocol, for requests,
 * complete replies and streams. Every conversion is decode (into the normalised form) then encode.
 */
import type { Protocol } from '../../../../shared/schemas';
import { decodeAnthropicRequest, encodeAnthropicRequest } from './anthropic/request';
import { decodeAnthropicResponse, encodeAnthropicResponse } from './anthropic/response';
import { createAnthropicStreamDecoder } from './anthropic/streamDecoder';
import { createAnthropicStreamEncoder } from './anthropic/streamEncoder';
import { decodeChatRequest, encodeChatRequest } from './chat/request';
import { decodeChatResponse, encodeChatResponse } from './chat/response';
import { chunkUsage } from './chat/chunkUsage';
import { createChatStreamRepair } from './chat/streamRepair';
import { createChatStreamDecoder } from './chat/streamDecoder';
import { createChatStreamEncoder } from './chat/streamEncoder';
import { streamErrorEvents } from './errors';
import { estimateOutputTokens, estimateRequestTokens } from './estimate';
import { isRecord, records, type JsonObject } from './guards';
import { decoderMaskingKeys, errorEventMaskingKeys } from './keyMasking';
import { createPlainDeltaCounter, MUST_PARSE } from './plainDelta';
import type { NormEvent, NormRequest, NormResponse, OutputPart } from './ir';
import { decodeResponsesRequest, encodeResponsesRequest } from './responses/request';
import { decodeResponsesResponse, encodeResponsesResponse } from './responses/response';
import { callerTools } from './responses/callerTools';
import { createResponsesStreamDecoder } from './responses/streamDecoder';
import { createResponsesStreamEncoder } from './responses/streamEncoder';
import { dataEvent, type SseEvent } from './sse';
import { UNFINISHED_STREAM, type StreamDecoder, type StreamEncoder } from './streamLifecycle';
import { protocolUsage, usageFromBody, usageFromChat, ZERO_USAGE, type Usage } from './usage';

export interface ConvertOptions {
  /** The model name to report to the caller (the one it asked for); defaults to the upstream's. */
  model?: string;
  /**
   * The caller's original request body. Lets the reply restore what the request conversion
   * changed: Codex's custom and namespaced tools come back as it declared them, and a Chat caller gets
   * the usage chunk only if it asked for it (`stream_options.include_usage`). Without it: no
   * custom or namespaced tools, usage chunk sent.
   */
  request?: unknown;
  /** The provider's keys: an upstream error that quotes one reaches the caller, the ledger and the breaker masked. */
  secrets?: readonly string[];
  /**
   * The sentence the caller and the ledger get for a failure the upstream reports once content
   * reached the caller (its error event, garbage, a stream cut off), from the decoder's: the proxy
   * names the provider there, as the converters know none. Called only when such a failure comes.
   */
  tellFailure?: (message: string) => string;
}

export interface StreamConverter {
  /** One upstream event in, the caller's events out. */
  push(ev: SseEvent): SseEvent[];
  /** The upstream closed the connection: finishes the reply, or reports it as cut off. */
  end(): SseEvent[];
  /** The transport failed mid-stream: the error in the caller's protocol, continuing this stream. */
  fail(message: string, type?: string): SseEvent[];
  /**
   * Usage the upstream reported: once the reply finished, its final counts (null if it sent none);
   * before that, the counts it reported so far (Anthropic's message_start), with the output estimated.
   */
  usage(): Usage | null;
  /** How far the upstream's reply got: the proxy holds the preamble back until content arrives. */
  progress(): StreamProgress;
}

export interface StreamProgress {
  /** Text, thinking or a tool call has arrived (the preamble alone does not count). */
  content: boolean;
  /** The upstream's terminal event arrived. */
  finished: boolean;
  /** The reply failed: an error event, garbage, or a stream cut off before its end. */
  error: string | null;
  /** The failure's kind (see errors.ts), with `error`. */
  errorKind: string | null;
  /** The upstream's own words for the failure when tellFailure worded `error` from them; null otherwise. */
  upstreamError: string | null;
  /** The failure is the upstream closing the stream before its terminal event. */
  cutOff: boolean;
  /** Characters of content seen, for an output estimate when the upstream reports no usage. */
  contentChars: number;
}

const CONTENT_EVENTS = new Set<NormEvent['type']>(['text', 'thinking', 'redacted_thinking', 'tool_call_start']);

/**
 * Follows the decoded events of one reply to answer progress(). `tell`: see ConvertOptions.tellFailure;
 * the error event it rewords is the one passed on.
 */
function createProgressTracker(tell?: (message: string) => string) {
  const progress: StreamProgress = { content: false, finished: false, error: null, errorKind: null, upstreamError: null, cutOff: false, contentChars: 0 };
  return {
    see(events: NormEvent[]): NormEvent[] {
      for (let ev of events) {
        if (ev.type === 'text' || ev.type === 'thinking') progress.contentChars += ev.text.length;
        else if (ev.type === 'tool_call_args') progress.contentChars += ev.delta.length;
        if (CONTENT_EVENTS.has(ev.type)) progress.content = true;
        else if (ev.type === 'finish') progress.finished = true;
        else if (ev.type === 'error' && progress.error === null) {
          progress.cutOff = ev.message === UNFINISHED_STREAM;
          if (tell && progress.content) {
            progress.upstreamError = ev.message;
            const told = { ...ev, message: tell(ev.message) };
            events = events.with(events.indexOf(ev), told);
            ev = told;
          }
          progress.error = ev.message;
          progress.errorKind = ev.errorType;
        }
      }
      return events;
    },
    fail(message: string, kind = 'api_error') {
      if (progress.error !== null) return;
      progress.error = message;
      progress.errorKind = kind;
    },
    /** Text counted without decoding its event (a plain delta of a passthrough stream, or one that skipped the normalised events). */
    addContentChars(chars: number) {
      progress.contentChars += chars;
    },
    hasContent: () => progress.content,
    progress: (): StreamProgress => ({ ...progress }),
  };
}

const requestDecoders: Record<Protocol, (body: unknown) => NormRequest> = {
  anthropic: decodeAnthropicRequest,
  chat: decodeChatRequest,
  responses: decodeResponsesRequest,
};

const requestEncoders: Record<Protocol, (req: NormRequest) => object> = {
  anthropic: encodeAnthropicRequest,
  chat: encodeChatRequest,
  responses: encodeResponsesRequest,
};

const responseDecoders: Record<Protocol, (body: unknown) => NormResponse> = {
  anthropic: decodeAnthropicResponse,
  chat: decodeChatResponse,
  responses: decodeResponsesResponse,
};

const streamDecoders: Record<Protocol, () => StreamDecoder> = {
  anthropic: createAnthropicStreamDecoder,
  chat: createChatStreamDecoder,
  responses: createResponsesStreamDecoder,
};

const responseEncoders: Record<Protocol, (res: NormResponse, opts: ConvertOptions) => object> = {
  anthropic: (res, opts) => encodeAnthropicResponse(res, opts.model),
  chat: (res, opts) => encodeChatResponse(res, opts.model),
  responses: (res, opts) => encodeResponsesResponse(res, opts.model, callerTools(opts.request)),
};

const streamEncoders: Record<Protocol, (opts: ConvertOptions) => StreamEncoder> = {
  anthropic: (opts) => createAnthropicStreamEncoder({ model: opts.model }),
  chat: (opts) => createChatStreamEncoder({ model: opts.model, includeUsage: chatWantsUsage(opts.request) }),
  responses: (opts) => createResponsesStreamEncoder({ model: opts.model, tools: callerTools(opts.request) }),
};

function chatWantsUsage(request: unknown): boolean {
  if (!isRecord(request)) return true;
  return isRecord(request.stream_options) && request.stream_options.include_usage === true;
}

export function decodeRequest(protocol: Protocol, body: unknown): NormRequest {
  return requestDecoders[protocol](body);
}

/**
 * A caller's request body in the upstream's protocol. The same protocol passes through as is.
 * Throws SwitchboardError('invalid_input') for what cannot be converted (previous_response_id).
 */
export function convertRequest(from: Protocol, to: Protocol, body: unknown): Record<string, unknown> {
  if (from === to) return body as Record<string, unknown>;
  return requestEncoders[to](requestDecoders[from](body)) as Record<string, unknown>;
}

/** The request's input tokens, estimated: for the ledger and the caller when the gateway reports none. */
export function estimateInputTokens(protocol: Protocol, body: unknown): number {
  return estimateRequestTokens(requestDecoders[protocol](body));
}

/**
 * The usage a caller is sent when the upstream reported none (all zeros read as none: see
 * countsNothing): the ledger's estimate, never zeros.
 * The tools act on it (Codex compacts its history by the token count, Claude Code fills its context
 * meter from it), and zeros would tell them the conversation is empty. Reported usage is sent as is.
 */
export function estimatedUsage(protocol: Protocol, request: unknown, contentChars: number): Usage {
  return {
    inputTokens: request === undefined ? 0 : estimateInputTokens(protocol, request),
    outputTokens: estimateOutputTokens(contentChars),
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
  };
}

/** Usage without its final output count (outputEstimated) completed with the output estimate; other usage as it is. */
function withOutputEstimate(usage: Usage | null, contentChars: number): Usage | null {
  return usage?.outputEstimated ? { ...usage, outputTokens: estimateOutputTokens(contentChars) } : usage;
}

/**
 * A converter's usage: the finished reply's, or else what the decoder was told so far. A stream cut
 * off or abandoned after Anthropic's message_start was still billed for its prompt and cache as
 * reported there; only its output is left to estimate.
 */
function usageReported(finished: Usage | null, decoder: StreamDecoder, contentChars: number): Usage | null {
  return finished ?? withOutputEstimate(decoder.usageSoFar?.() ?? null, contentChars);
}

function partsChars(parts: OutputPart[]): number {
  return parts.reduce((n, part) => {
    if (part.type === 'text' || part.type === 'thinking') return n + part.text.length;
    if (part.type === 'tool_call') return n + part.arguments.length + part.name.length;
    return n;
  }, 0);
}

/** Characters of text, thinking and tool arguments in a complete reply: the basis of an output estimate. */
export function replyContentChars(protocol: Protocol, body: unknown): number {
  return partsChars(responseDecoders[protocol](body).parts);
}

/** A reply decoded, with the estimate as its usage when the upstream reported none. */
function decodeReplyWithUsage(from: Protocol, to: Protocol, body: unknown, opts: ConvertOptions): NormResponse {
  const res = responseDecoders[from](body);
  return res.usage ? res : { ...res, usage: estimatedUsage(to, opts.request, partsChars(res.parts)) };
}

/** A complete upstream reply in the caller's protocol. */
export function convertResponse(from: Protocol, to: Protocol, body: unknown, opts: ConvertOptions = {}): Record<string, unknown> {
  if (from === to) return withEstimatedUsage(from, body, opts);
  return responseEncoders[to](decodeReplyWithUsage(from, to, body, opts), opts) as Record<string, unknown>;
}

/** A same-protocol reply as it came, given the estimate as its usage when it reported none. */
function withEstimatedUsage(protocol: Protocol, body: unknown, opts: ConvertOptions): Record<string, unknown> {
  const reply = body as Record<string, unknown>;
  if (!isRecord(body) || usageFromBody(protocol, body)) return reply;
  return { ...body, usage: protocolUsage(protocol, estimatedUsage(protocol, opts.request, replyContentChars(protocol, body))) };
}

/**
 * The same protocol: the upstream's events pass unchanged (its own error events included) while
 * its decoder reads the usage; only what the caller could not read is replaced: an event that is
 * not JSON, or a stream cut off before its end, becomes an error event in the protocol, and a
 * Chat chunk the SDKs cannot read is repaired (see chat/streamRepair), an error event that
 * quotes a key is sent with it masked, a Chat chunk with usage only in its choice gets it at its
 * top level too, and the event that carries no usage, or usage that counts nothing, carries the
 * estimate. An event returned as it came means its bytes may be sent as they came.
 */
function createPassthroughConverter(protocol: Protocol, opts: ConvertOptions): StreamConverter {
  const secrets = opts.secrets ?? [];
  const decoder = decoderMaskingKeys(streamDecoders[protocol](), secrets);
  const repair = protocol === 'chat' ? createChatStreamRepair() : null;
  const tracker = createProgressTracker(opts.tellFailure);
  const plainDeltaChars = createPlainDeltaCounter(protocol);
  let usage: Usage | null = null;
  let finished = false;
  let failed = false;
  let estimateSent = false;
  let nextSequence = 0;
  const estimate = () => estimatedUsage(protocol, opts.request, tracker.progress().contentChars);
  /**
   * The terminal event, given the estimate where the upstream reported no usage (see estimatedUsage):
   * Responses' response.completed (or incomplete) carries it; Chat gets its usage chunk before
   * [DONE] when the caller asked for one. Anthropic's goes in message_delta (see withEstimateInMessageDelta).
   */
  const withUsage = (ev: SseEvent, payload: unknown): SseEvent[] | null => {
    if (usage || !finished) return null;
    if (protocol === 'responses' && isRecord(payload) && isRecord(payload.response)) {
      return [{ ...ev, data: JSON.stringify({ ...payload, response: { ...payload.response, usage: protocolUsage(protocol, estimate()) } }) }];
    }
    if (repair && !estimateSent && ev.data.trim() === '[DONE]' && isRecord(opts.request) && chatWantsUsage(opts.request)) {
      return [...repair.beforeDone().map(dataEvent), dataEvent(repair.usageChunk(protocolUsage(protocol, estimate()))), ev];
    }
    return null;
  };
  /**
   * A Chat chunk's usage at its top level, where the OpenAI SDK reads it: usage reported in the
   * choice (Moonshot's place for it, see chunkUsage) is copied there, the choice keeping its own.
   * A chunk that reports usage after all content, a usage chunk (`choices: []`) or the chunk with
   * the finish_reason, carries the estimate there instead when that usage counts nothing (see
   * countsNothing); it then stands for the one added before [DONE], so the caller sees one usage,
   * where the gateway put it (clients that stop reading at the finish_reason see it too).
   */
  const withUsageAtTopLevel = (chunk: JsonObject): SseEvent | null => {
    const reported = chunkUsage(chunk);
    if (!reported) return null;
    if (usageFromChat(reported)) return reported === chunk.usage ? null : dataEvent({ ...chunk, usage: reported });
    const choices = records(chunk.choices);
    if (choices.length && !choices.some((choice) => choice.finish_reason)) return null;
    estimateSent = true;
    return dataEvent({ ...chunk, usage: protocolUsage(protocol, estimate()) });
  };
  /**
   * Anthropic's message_delta (after all content) carries the estimate when the usage reported so
   * far, message_start's and its own merged as the decoder merges them, is none (see countsNothing);
   * when only the final output count is missing, the output estimate alone, beside the counts it
   * has (the Anthropic SDK reads message_delta's usage.output_tokens and throws without a usage).
   * message_start stays as it came (written before the content was known): the Anthropic SDK and
   * Claude Code take input_tokens from message_delta when it is set, and its output_tokens always.
   */
  const withEstimateInMessageDelta = (ev: SseEvent, payload: unknown): SseEvent | null => {
    if (protocol !== 'anthropic' || !isRecord(payload) || payload.type !== 'message_delta') return null;
    const reported = decoder.usageSoFar?.() ?? null;
    if (reported && !reported.outputEstimated) return null;
    const upstreamUsage = isRecord(payload.usage) ? payload.usage : {};
    const given = reported ? { output_tokens: estimateOutputTokens(tracker.progress().contentChars) } : protocolUsage(protocol, estimate());
    return { ...ev, data: JSON.stringify({ ...payload, usage: { ...upstreamUsage, ...given } }) };
  };
  /**
   * Anthropic's message_start without a usage object gets zeros, as a converted stream's has: the
   * Anthropic SDK and Claude Code write message_delta's counts into it, and throw when it is missing.
   */
  const withUsageInMessageStart = (ev: SseEvent, payload: unknown): SseEvent | null => {
    if (protocol !== 'anthropic' || !isRecord(payload) || payload.type !== 'message_start' || !isRecord(payload.message) || isRecord(payload.message.usage)) return null;
    return { ...ev, data: JSON.stringify({ ...payload, message: { ...payload.message, usage: protocolUsage(protocol, ZERO_USAGE) } }) };
  };
  const fail = (message: string, type?: string) => {
    failed = true;
    tracker.fail(message, type);
    return streamErrorEvents(protocol, message, type, nextSequence);
  };
  /**
   * The decoder's error as the caller gets it: the upstream's own error event (`sent`), or ours
   * (garbage, cut off, or the upstream's words told after content, see tellFailure). Null when the
   * events hold no error.
   */
  const read = (events: NormEvent[], sent: SseEvent | null): SseEvent[] | null => {
    for (const ev of events) {
      if (ev.type === 'finish') {
        usage = withOutputEstimate(ev.usage, tracker.progress().contentChars);
        finished = true;
      }
      if (ev.type === 'error') return sent && !(opts.tellFailure && tracker.hasContent()) ? [errorEventMaskingKeys(sent, secrets)] : fail(ev.message, ev.errorType);
    }
    return null;
  };
  return {
    push(ev) {
      if (failed) return [];
      // Once content flows, a plain text delta is only counted: parsing it would tell nothing new.
      const plainChars = tracker.hasContent() ? plainDeltaChars(ev) : MUST_PARSE;
      if (plainChars !== MUST_PARSE) {
        tracker.addContentChars(plainChars);
        return [ev];
      }
      const decoded = decoder.push(ev);
      const payload = decoder.lastPayload();
      if (isRecord(payload) && typeof payload.sequence_number === 'number') nextSequence = payload.sequence_number + 1;
      const errorEvents = read(tracker.see(decoded), isRecord(payload) ? ev : null);
      if (errorEvents) return errorEvents;
      const estimated = withUsage(ev, payload);
      if (estimated) return estimated;
      if (repair && ev.data.trim() === '[DONE]') return [...repair.beforeDone().map(dataEvent), ev];
      if (repair && isRecord(payload)) {
        const repaired = repair.chunk(payload);
        return [withUsageAtTopLevel(repaired ?? payload) ?? (repaired ? dataEvent(repaired) : ev)];
      }
      return [withEstimateInMessageDelta(ev, payload) ?? withUsageInMessageStart(ev, payload) ?? ev];
    },
    end: () => (failed ? [] : (read(tracker.see(decoder.end()), null) ?? [])),
    fail: (message, type) => (failed ? [] : fail(message, type)),
    usage: () => usageReported(usage, decoder, tracker.progress().contentChars),
    progress: tracker.progress,
  };
}

/** A pure state machine turning the upstream's SSE events into the caller's; no I/O. */
export function createStreamConverter(from: Protocol, to: Protocol, opts: ConvertOptions = {}): StreamConverter {
  if (from === to) return createPassthroughConverter(from, opts);
  const decoder = decoderMaskingKeys(streamDecoders[from](), opts.secrets ?? []);
  const encoder = streamEncoders[to](opts);
  const tracker = createProgressTracker(opts.tellFailure);
  let usage: Usage | null = null;
  // A loop, not flatMap: this runs for every event of every converted stream.
  const encode = (events: NormEvent[]) => {
    const out: SseEvent[] = [];
    for (let ev of tracker.see(events)) {
      if (ev.type === 'finish') {
        usage = withOutputEstimate(ev.usage, tracker.progress().contentChars);
        ev = { ...ev, usage: usage ?? estimatedUsage(to, opts.request, tracker.progress().contentChars) };
      }
      for (const sse of encoder.push(ev)) out.push(sse);
    }
    return out;
  };
  return {
    push: (ev) => {
      // A plain text delta continuing plain text goes from the decoder's raw read to the encoder's
      // open block, without the events in between: most of a long reply.
      const text = decoder.plainText?.(ev) ?? null;
      if (text === null) return encode(decoder.push(ev));
      const events = encoder.text?.(text);
      if (!events) return encode([{ type: 'text', text }]);
      // Counted like a passthrough's plain delta: the decoder reads these only after a content event went through encode.
      tracker.addContentChars(text.length);
      return events;
    },
    end: () => encode(decoder.end()),
    fail: (message, type = 'api_error') => {
      tracker.fail(message, type);
      return encoder.push({ type: 'error', message, errorType: type });
    },
    usage: () => usageReported(usage, decoder, tracker.progress().contentChars),
    progress: tracker.progress,
  };
}

/** A stream that holds nothing but an error: the opening events the caller's SDK needs, then the error. */
export function errorAsStream(protocol: Protocol, message: string, kind: string): SseEvent[] {
  return streamEncoders[protocol]({}).push({ type: 'error', message, errorType: kind });
}

/** A complete upstream reply as the caller's stream, for gateways that ignore `stream: true`. */
export function convertResponseToStream(from: Protocol, to: Protocol, body: unknown, opts: ConvertOptions = {}): SseEvent[] {
  const res = decodeReplyWithUsage(from, to, body, opts);
  const encoder = streamEncoders[to](opts);
  const events: NormEvent[] = [{ type: 'start', id: res.id, model: res.model }];
  res.parts.forEach((part, i) => {
    const key = String(i);
    if (part.type === 'text' || part.type === 'thinking') events.push({ type: part.type, text: part.text });
    if (part.type === 'thinking' && part.signature) events.push({ type: 'thinking_signature', signature: part.signature });
    if (part.type === 'text' || part.type === 'thinking') events.push({ type: 'part_end' });
    if (part.type === 'redacted_thinking') events.push({ type: 'redacted_thinking', data: part.data });
    if (part.type === 'tool_call') {
      events.push({ type: 'tool_call_start', key, id: part.id, name: part.name }, { type: 'tool_call_args', key, delta: part.arguments }, { type: 'tool_call_end', key });
    }
  });
  events.push({ type: 'finish', reason: res.stopReason, ...(res.stopSequence ? { stopSequence: res.stopSequence } : {}), usage: res.usage });
  return events.flatMap((ev) => encoder.push(ev));
}
