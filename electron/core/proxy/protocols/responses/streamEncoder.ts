/**
 * Normalised stream events -> OpenAI Responses SSE. Every event carries `sequence_number`;
 * `response.completed` (or `response.incomplete`) carries the output and the usage. Codex
 * builds its history from output_item.done, so each finished item is complete there.
 */
import { createBlockSequencer, type BlockOp } from '../blockSequencer';
import { responsesError } from '../errors';
import { replyId } from '../ids';
import { responsesOutcome } from '../stopReason';
import { typedEvent, type SseEvent } from '../sse';
import { createEncoder, type StreamEncoder } from '../streamLifecycle';
import { responsesUsage, ZERO_USAGE } from '../usage';
import { itemId, itemKind, outputItem, outputText, responseEnvelope, type EnvelopeFields } from './items';
import type { CallerTools } from './callerTools';
import type { ResponsesOutputItem } from './types';

export interface ResponsesStreamEncoderOptions {
  model?: string;
  /** The tools the caller declared: calls go back in the form it gave each tool. */
  tools: CallerTools;
}

export function createResponsesStreamEncoder(opts: ResponsesStreamEncoderOptions): StreamEncoder {
  const blocks = createBlockSequencer();
  const output: ResponsesOutputItem[] = [];
  const createdAt = Math.floor(Date.now() / 1000);
  let sequence = 0;
  let id = '';
  let model = '';

  const event = <T extends { type: string }>(payload: T): SseEvent => typedEvent({ ...payload, sequence_number: sequence++ });
  const envelope = (fields: Pick<EnvelopeFields, 'status'> & Partial<EnvelopeFields>) =>
    responseEnvelope({ id, model, createdAt, output: output.filter(Boolean), usage: null, ...fields });

  function open(info: { id?: string; model?: string }): SseEvent[] {
    id = replyId('resp_', info.id);
    model = opts.model || info.model || '';
    return [event({ type: 'response.created', response: envelope({ status: 'in_progress' }) }), event({ type: 'response.in_progress', response: envelope({ status: 'in_progress' }) })];
  }

  // Most of a reply: written as text around the delta, the same JSON as event() would write for it.
  const textDelta = (output_index: number, delta: string): SseEvent => ({
    event: 'response.output_text.delta',
    data: `{"type":"response.output_text.delta","item_id":${JSON.stringify(itemId('msg', id, output_index))},"output_index":${output_index},"content_index":0,"delta":${JSON.stringify(delta)},"logprobs":[],"sequence_number":${sequence++}}`,
  });

  function blockEvents(op: BlockOp): SseEvent[] {
    const output_index = op.index;
    const kind = op.op === 'open' || op.op === 'delta' ? (op.kind === 'text' ? 'msg' : 'rs') : itemKind(op.part, opts.tools);
    const item_id = itemId(kind, id, output_index);
    switch (op.op) {
      case 'open':
        return op.kind === 'text'
          ? [
              event({ type: 'response.output_item.added', output_index, item: { id: item_id, type: 'message', status: 'in_progress', role: 'assistant', content: [] } }),
              event({ type: 'response.content_part.added', item_id, output_index, content_index: 0, part: outputText('') }),
            ]
          : [
              event({ type: 'response.output_item.added', output_index, item: { id: item_id, type: 'reasoning', summary: [] } }),
              event({ type: 'response.reasoning_summary_part.added', item_id, output_index, summary_index: 0, part: { type: 'summary_text', text: '' } }),
            ];
      case 'delta':
        return op.kind === 'text'
          ? [textDelta(output_index, op.text)]
          : [event({ type: 'response.reasoning_summary_text.delta', item_id, output_index, summary_index: 0, delta: op.text })];
      case 'close': {
        const item = outputItem(op.part, item_id, opts.tools);
        output[output_index] = item;
        // Events are numbered as they are made, so each list is built in wire order.
        const done = () => event({ type: 'response.output_item.done', output_index, item });
        const full = op.part.text;
        return op.part.type === 'text'
          ? [
              event({ type: 'response.output_text.done', item_id, output_index, content_index: 0, text: full, logprobs: [] }),
              event({ type: 'response.content_part.done', item_id, output_index, content_index: 0, part: outputText(full) }),
              done(),
            ]
          : [
              event({ type: 'response.reasoning_summary_text.done', item_id, output_index, summary_index: 0, text: full }),
              event({ type: 'response.reasoning_summary_part.done', item_id, output_index, summary_index: 0, part: { type: 'summary_text', text: full } }),
              done(),
            ];
      }
      case 'whole': {
        const item = outputItem(op.part, item_id, opts.tools);
        output[output_index] = item;
        const done = () => event({ type: 'response.output_item.done', output_index, item });
        if (item.type === 'function_call') {
          return [
            event({ type: 'response.output_item.added', output_index, item: { ...item, status: 'in_progress', arguments: '' } }),
            event({ type: 'response.function_call_arguments.delta', item_id, output_index, delta: item.arguments }),
            event({ type: 'response.function_call_arguments.done', item_id, output_index, name: item.name, arguments: item.arguments }),
            done(),
          ];
        }
        if (item.type === 'custom_tool_call') {
          return [
            event({ type: 'response.output_item.added', output_index, item: { ...item, status: 'in_progress', input: '' } }),
            event({ type: 'response.custom_tool_call_input.delta', item_id, output_index, delta: item.input }),
            event({ type: 'response.custom_tool_call_input.done', item_id, output_index, input: item.input }),
            done(),
          ];
        }
        return [event({ type: 'response.output_item.added', output_index, item }), done()];
      }
    }
  }

  return createEncoder({
    start: open,
    content: (ev) => blocks.push(ev).flatMap(blockEvents),
    finish(ev) {
      const events = blocks.flush().flatMap(blockEvents);
      const outcome = responsesOutcome(ev.reason);
      const response = envelope({ status: outcome.status, incompleteDetails: outcome.incomplete_details, usage: responsesUsage(ev.usage ?? ZERO_USAGE) });
      return [...events, event({ type: outcome.status === 'completed' ? 'response.completed' : 'response.incomplete', response })];
    },
    // response.failed is what Codex reads an error from; the SDK needs response.created before it.
    error: (ev, started) => [
      ...(started ? [] : open({})),
      event({ type: 'response.failed', response: envelope({ status: 'failed', error: responsesError(ev.message, ev.errorType) }) }),
    ],
    text: (text) => {
      const output_index = blocks.continueText(text);
      return output_index === null ? null : [textDelta(output_index, text)];
    },
  });
}
