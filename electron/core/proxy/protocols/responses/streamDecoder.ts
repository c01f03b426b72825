/** OpenAI Responses SSE -> normalised stream events. */
import { errorKind } from '../errors';
import { isRecord, num, str, type JsonObject } from '../guards';
import { randomId } from '../ids';
import type { NormEvent } from '../ir';
import { stopFromResponses } from '../stopReason';
import { createDecoder, streamError, UNFINISHED_STREAM, type StreamDecoder } from '../streamLifecycle';
import { customToolArguments } from '../toolArguments';
import { usageFromResponses } from '../usage';
import { messageItemText, reasoningText } from './items';

interface ItemState {
  /** Whether text (or arguments) arrived as deltas; if not, it is read from output_item.done. */
  streamed: boolean;
  isCall: boolean;
  customInput: string;
}

/**
 * Items are keyed by output_index. Some gateways send only output_item.done without deltas
 * (or without output_item.added); the finished item then supplies what is missing. Text or
 * thinking from another item than the last is a new piece (`part_end` first), so two message
 * items, or text on either side of a call, never run together.
 */
export function createResponsesStreamDecoder(): StreamDecoder {
  const items = new Map<number, ItemState>();
  let hadToolCalls = false;
  /** The output_index of the item whose text or thinking came last. */
  let pieceIndex: number | null = null;

  function content(index: number, event: NormEvent): NormEvent[] {
    const ended = pieceIndex !== null && pieceIndex !== index;
    pieceIndex = index;
    return ended ? [{ type: 'part_end' }, event] : [event];
  }

  function itemState(index: number): ItemState {
    let state = items.get(index);
    if (!state) items.set(index, (state = { streamed: false, isCall: false, customInput: '' }));
    return state;
  }

  function startCall(index: number, item: JsonObject): NormEvent[] {
    const state = itemState(index);
    if (state.isCall) return [];
    state.isCall = true;
    hadToolCalls = true;
    return [{ type: 'tool_call_start', key: String(index), id: str(item.call_id) || str(item.id) || randomId('call_'), name: str(item.name) ?? '' }];
  }

  function itemDone(index: number, item: JsonObject): NormEvent[] {
    const state = itemState(index);
    const key = String(index);
    switch (item.type) {
      case 'function_call': {
        const events = startCall(index, item);
        const args = str(item.arguments);
        if (!state.streamed && args) events.push({ type: 'tool_call_args', key, delta: args });
        return [...events, { type: 'tool_call_end', key }];
      }
      case 'custom_tool_call':
        return [
          ...startCall(index, item),
          { type: 'tool_call_args', key, delta: customToolArguments(str(item.input) ?? state.customInput) },
          { type: 'tool_call_end', key },
        ];
      case 'message': {
        const text = state.streamed ? '' : messageItemText(item);
        return text ? content(index, { type: 'text', text }) : [];
      }
      case 'reasoning': {
        const text = state.streamed ? '' : reasoningText(item);
        return text ? content(index, { type: 'thinking', text }) : [];
      }
      default:
        return [];
    }
  }

  function streamed(index: number, event: NormEvent): NormEvent[] {
    itemState(index).streamed = true;
    return event.type === 'tool_call_args' ? [event] : content(index, event);
  }

  return createDecoder({
    event(payload) {
      const index = num(payload.output_index) ?? 0;
      const delta = str(payload.delta) ?? '';
      const response = isRecord(payload.response) ? payload.response : {};
      switch (payload.type) {
        case 'response.created':
          return [{ type: 'start', id: str(response.id), model: str(response.model) }];
        case 'response.output_item.added': {
          const item = isRecord(payload.item) ? payload.item : {};
          return item.type === 'function_call' || item.type === 'custom_tool_call' ? startCall(index, item) : [];
        }
        case 'response.output_text.delta':
        case 'response.refusal.delta':
          return delta ? streamed(index, { type: 'text', text: delta }) : [];
        case 'response.reasoning_summary_text.delta':
        case 'response.reasoning_text.delta':
          return delta ? streamed(index, { type: 'thinking', text: delta }) : [];
        case 'response.reasoning_summary_part.added':
          // Separate summary parts read as paragraphs of one thinking block.
          return (num(payload.summary_index) ?? 0) > 0 ? content(index, { type: 'thinking', text: '\n\n' }) : [];
        case 'response.function_call_arguments.delta':
          return delta ? streamed(index, { type: 'tool_call_args', key: String(index), delta }) : [];
        case 'response.custom_tool_call_input.delta':
          itemState(index).customInput += delta;
          return [];
        case 'response.output_item.done':
          return itemDone(index, isRecord(payload.item) ? payload.item : {});
        case 'response.completed':
        case 'response.incomplete': {
          const status = str(response.status) ?? (payload.type === 'response.incomplete' ? 'incomplete' : 'completed');
          const incomplete = isRecord(response.incomplete_details) ? response.incomplete_details.reason : undefined;
          return [{ type: 'finish', reason: stopFromResponses(status, incomplete, hadToolCalls), usage: usageFromResponses(response.usage) }];
        }
        case 'response.failed': {
          const error = isRecord(response.error) ? response.error : {};
          return [streamError(str(error.message) ?? 'The upstream reported the response as failed.', errorKind(error.message, error.code, error.type))];
        }
        case 'error':
          return [streamError(str(payload.message) ?? 'The upstream reported an error.', errorKind(payload.message, payload.code, payload.type))];
        default:
          return [];
      }
    },
    end: () => [streamError(UNFINISHED_STREAM)],
  });
}
