/** OpenAI Chat Completions chunks -> normalised stream events. */
import { errorKind } from '../errors';
import { isRecord, records, str, type JsonObject } from '../guards';
import { createChatPlainDeltaReader } from '../plainDelta';
import { randomId } from '../ids';
import type { NormEvent } from '../ir';
import { stopFromChat } from '../stopReason';
import type { SseEvent } from '../sse';
import { createDecoder, streamError, UNFINISHED_STREAM, type StreamDecoder } from '../streamLifecycle';
import { createThinkTagSplitter, type ContentPiece } from '../thinkTags';
import { usageFromChat, type Usage } from '../usage';
import { chunkUsage } from './chunkUsage';
import { chatReasoningText } from './request';
import { createToolCallSlots } from './toolCallSlots';

interface ToolCallState {
  key: string;
  upstreamId?: string;
  id: string;
  name: string;
  /** Arguments that arrived before the name (the call cannot start without it). */
  pendingArgs: string;
  started: boolean;
  ended: boolean;
}

/**
 * Tool-call fragments are matched to their call as toolCallSlots.ts says. Chat never says when a
 * call is complete: calls end when text resumes or at the finish.
 */
export function createChatStreamDecoder(): StreamDecoder {
  let started = false;
  /**
   * Content events were emitted. Only then are plain deltas read from their raw text: a
   * passthrough relay hands this decoder the events before content, and reads their payloads.
   */
  let contentSeen = false;
  let finishReason: unknown;
  let usage: Usage | null = null;
  const calls: ToolCallState[] = [];
  const slotOf = createToolCallSlots();
  const content = createThinkTagSplitter();
  const plainDeltaText = createChatPlainDeltaReader();
  // The converter asks plainText, then push, about the same event: its raw text is read once.
  let readEvent: SseEvent | null = null;
  let readText: string | null = null;
  const plainTextOf = (sse: SseEvent): string | null => {
    if (sse !== readEvent) {
      readEvent = sse;
      readText = plainDeltaText(sse.data);
    }
    return readText;
  };

  /** The call a fragment belongs to; an id that comes after the first arguments is still the call's own. */
  function callFor(delta: JsonObject): ToolCallState {
    const { slot, id } = slotOf(delta);
    let call = calls[slot];
    if (!call) {
      call = { key: String(slot), upstreamId: id, id: id ?? randomId('call_'), name: '', pendingArgs: '', started: false, ended: false };
      calls.push(call);
    } else if (id && !call.upstreamId && !call.started) {
      call.upstreamId = id;
      call.id = id;
    }
    return call;
  }

  function startCall(call: ToolCallState): NormEvent[] {
    call.started = true;
    const events: NormEvent[] = [{ type: 'tool_call_start', key: call.key, id: call.id, name: call.name }];
    if (call.pendingArgs) events.push({ type: 'tool_call_args', key: call.key, delta: call.pendingArgs });
    return events;
  }

  function toolCallDelta(delta: JsonObject): NormEvent[] {
    const call = callFor(delta);
    const fn = isRecord(delta.function) ? delta.function : {};
    if (!call.name && str(fn.name)) call.name = String(fn.name);
    const args = str(fn.arguments) ?? '';
    if (call.started) return args ? [{ type: 'tool_call_args', key: call.key, delta: args }] : [];
    call.pendingArgs += args;
    return call.name ? startCall(call) : [];
  }

  /** Ends every open call; a call whose name never came is still passed on, not dropped. */
  function endCalls(): NormEvent[] {
    return calls.flatMap((call): NormEvent[] => {
      if (call.ended) return [];
      call.ended = true;
      return [...(call.started ? [] : startCall(call)), { type: 'tool_call_end', key: call.key }];
    });
  }

  const contentEvents = (pieces: ContentPiece[]): NormEvent[] => pieces.map((p) => ({ type: p.kind, text: p.text }));

  const finish = (): NormEvent[] => [...contentEvents(content.end()), ...endCalls(), { type: 'finish', reason: stopFromChat(finishReason, calls.length > 0), usage }];

  /** Content (reasoning, then text) ends the open tool calls. */
  const contentDelta = (reasoning: string, text: string): NormEvent[] => {
    // Most replies have no tool calls: no array built to end none.
    const events: NormEvent[] = (reasoning || text) && calls.length ? endCalls() : [];
    if (reasoning) events.push({ type: 'thinking', text: reasoning });
    if (text) events.push(...contentEvents(content.push(text)));
    return events;
  };

  return createDecoder({
    plain(sse) {
      const text = contentSeen ? plainTextOf(sse) : null;
      return text === null ? null : contentDelta('', text);
    },
    // Once the content is plain text and no tool call came, a plain delta is exactly one text event.
    plainText(sse) {
      if (!contentSeen || calls.length || !content.passesText()) return null;
      return plainTextOf(sse) || null;
    },
    event(chunk) {
      if (chunk.error !== undefined) {
        const error = isRecord(chunk.error) ? chunk.error : { message: String(chunk.error) };
        return [streamError(str(error.message) ?? 'The upstream reported an error.', errorKind(error.message, error.type, error.code))];
      }
      const events: NormEvent[] = [];
      if (!started) {
        started = true;
        events.push({ type: 'start', id: str(chunk.id), model: str(chunk.model) });
      }
      const rawUsage = chunkUsage(chunk);
      if (rawUsage) usage = usageFromChat(rawUsage) ?? usage;
      const choice = records(chunk.choices)[0];
      if (!choice) return events;
      const delta = isRecord(choice.delta) ? choice.delta : {};
      const reasoning = chatReasoningText(delta);
      const text = (str(delta.content) ?? '') + (str(delta.refusal) ?? '');
      events.push(...contentDelta(reasoning, text));
      for (const call of records(delta.tool_calls)) events.push(...toolCallDelta(call));
      if (choice.finish_reason) finishReason = choice.finish_reason;
      contentSeen ||= events.some((ev) => ev.type === 'text' || ev.type === 'thinking' || ev.type === 'tool_call_start');
      return events;
    },
    // Usage comes in its own chunk after finish_reason, so the finish waits for [DONE] or the close.
    done: finish,
    end: () => (finishReason !== undefined ? finish() : [streamError(UNFINISHED_STREAM)]),
  });
}
