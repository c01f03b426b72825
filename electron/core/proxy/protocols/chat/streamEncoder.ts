/** Normalised stream events -> OpenAI Chat Completions chunks, ending with `data: [DONE]`. */
import { chatErrorEvent } from '../errors';
import { replyId } from '../ids';
import { chatFinish } from '../stopReason';
import { dataEvent, type SseEvent } from '../sse';
import { createEncoder, type StreamEncoder } from '../streamLifecycle';
import { chatUsage } from '../usage';
import { PIECE_BREAK } from './pieceBreak';
import type { ChatChunk, ChatDelta } from './types';

export interface ChatStreamEncoderOptions {
  model?: string;
  /** Whether to send the final usage chunk (`choices: []`), as OpenAI does when `stream_options.include_usage` is set. */
  includeUsage: boolean;
}

export function createChatStreamEncoder(opts: ChatStreamEncoderOptions): StreamEncoder {
  let id = '';
  let model = '';
  const created = Math.floor(Date.now() / 1000);
  /** Output tool-call index per call key, in the order calls started. */
  const calls = new Map<string, { index: number; argsSent: boolean }>();
  /** Per string field: whether any of it was sent, and whether a piece ended since (the next text starts with a break). */
  const pieces = { content: { sent: false, ended: false }, reasoning_content: { sent: false, ended: false } };

  function piece(field: keyof typeof pieces, text: string): SseEvent[] {
    if (!text) return [];
    const state = pieces[field];
    const delta = state.sent && state.ended ? PIECE_BREAK + text : text;
    state.sent = true;
    state.ended = false;
    return [chunk({ [field]: delta })];
  }

  const envelope = () => ({ id, object: 'chat.completion.chunk' as const, created, model });
  const chunk = (delta: ChatDelta, finishReason: string | null = null): SseEvent =>
    dataEvent({ ...envelope(), choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }] } satisfies ChatChunk);

  /** A call that got no arguments is given "{}", so callers can always parse them. */
  function endCall(key: string): SseEvent[] {
    const call = calls.get(key);
    if (!call || call.argsSent) return [];
    call.argsSent = true;
    return [chunk({ tool_calls: [{ index: call.index, function: { arguments: '{}' } }] })];
  }

  return createEncoder({
    start(info) {
      id = replyId('chatcmpl-', info.id);
      model = opts.model || info.model || '';
      return [chunk({ role: 'assistant', content: '' })];
    },
    content(ev) {
      switch (ev.type) {
        case 'text':
          return piece('content', ev.text);
        case 'thinking':
          return piece('reasoning_content', ev.text);
        case 'part_end':
          pieces.content.ended = pieces.reasoning_content.ended = true;
          return [];
        case 'tool_call_start': {
          if (calls.has(ev.key)) return [];
          const index = calls.size;
          calls.set(ev.key, { index, argsSent: false });
          return [chunk({ tool_calls: [{ index, id: ev.id, type: 'function', function: { name: ev.name, arguments: '' } }] })];
        }
        case 'tool_call_args': {
          const call = calls.get(ev.key);
          if (!call || !ev.delta) return [];
          call.argsSent = true;
          return [chunk({ tool_calls: [{ index: call.index, function: { arguments: ev.delta } }] })];
        }
        case 'tool_call_end':
          return endCall(ev.key);
        default:
          return []; // signatures and redacted thinking have no Chat form
      }
    },
    finish(ev) {
      const events = [...[...calls.keys()].flatMap(endCall), chunk({}, chatFinish(ev.reason))];
      if (opts.includeUsage && ev.usage) events.push(dataEvent({ ...envelope(), choices: [], usage: chatUsage(ev.usage) } satisfies ChatChunk));
      events.push(dataEvent('[DONE]'));
      return events;
    },
    error: (ev) => [chatErrorEvent(ev.message, ev.errorType)],
  });
}
