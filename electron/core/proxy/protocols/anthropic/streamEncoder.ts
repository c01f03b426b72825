/** Normalised stream events -> Anthropic Messages SSE (message_start ... message_stop). */
import { createBlockSequencer, type BlockOp } from '../blockSequencer';
import { anthropicErrorEvent } from '../errors';
import { replyId } from '../ids';
import { typedEvent, type SseEvent } from '../sse';
import { createEncoder, type StreamEncoder } from '../streamLifecycle';
import { toolInputObject } from '../toolArguments';
import { anthropicUsage, ZERO_USAGE } from '../usage';

// The events every reply has are written as text: a JSON.stringify of each was most of a short
// converted stream's cost. Their keys are in the order the SDKs' own types list them.
const blockStop = (index: number): SseEvent => ({ event: 'content_block_stop', data: `{"type":"content_block_stop","index":${index}}` });
const EMPTY_BLOCK = { text: '{"type":"text","text":""}', thinking: '{"type":"thinking","thinking":"","signature":""}' } as const;
const MESSAGE_STOP: SseEvent = { event: 'message_stop', data: '{"type":"message_stop"}' };
const ZERO_USAGE_JSON = JSON.stringify(anthropicUsage(ZERO_USAGE));

/** Most of a reply: the event's JSON is built around the text, the only part that needs JSON.stringify. */
function deltaEvent(index: number, kind: 'text' | 'thinking', text: string): SseEvent {
  return {
    event: 'content_block_delta',
    data:
      kind === 'text'
        ? `{"type":"content_block_delta","index":${index},"delta":{"type":"text_delta","text":${JSON.stringify(text)}}}`
        : `{"type":"content_block_delta","index":${index},"delta":{"type":"thinking_delta","thinking":${JSON.stringify(text)}}}`,
  };
}

function blockEvents(op: BlockOp): SseEvent[] {
  const index = op.index;
  const stop = () => blockStop(index);
  switch (op.op) {
    case 'open':
      return [{ event: 'content_block_start', data: `{"type":"content_block_start","index":${index},"content_block":${EMPTY_BLOCK[op.kind]}}` }];
    case 'delta':
      return [deltaEvent(index, op.kind, op.text)];
    case 'close':
      return op.part.type === 'thinking' && op.part.signature
        ? [typedEvent({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: op.part.signature } }), stop()]
        : [stop()];
    case 'whole': {
      const part = op.part;
      if (part.type === 'redacted_thinking') {
        return [typedEvent({ type: 'content_block_start', index, content_block: { type: 'redacted_thinking', data: part.data } }), stop()];
      }
      return [
        typedEvent({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: part.id, name: part.name, input: {} } }),
        // The input goes as one object: arguments that are not a JSON object arrive wrapped, never lost.
        typedEvent({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(toolInputObject(part.arguments)) } }),
        stop(),
      ];
    }
  }
}

/**
 * message_start goes out before the usage is known (Chat and Responses report it last), so it
 * carries zeros; message_delta, written only at the end, carries the full final usage.
 */
export function createAnthropicStreamEncoder(opts: { model?: string }): StreamEncoder {
  const blocks = createBlockSequencer();
  return createEncoder({
    start: (info) => [
      {
        event: 'message_start',
        data: `{"type":"message_start","message":{"id":${JSON.stringify(replyId('msg_', info.id))},"type":"message","role":"assistant","model":${JSON.stringify(opts.model || info.model || '')},"content":[],"stop_reason":null,"stop_sequence":null,"usage":${ZERO_USAGE_JSON}}}`,
      },
    ],
    content: (ev) => {
      // A loop, not flatMap: this runs for every content event.
      const events: SseEvent[] = [];
      for (const op of blocks.push(ev)) for (const sse of blockEvents(op)) events.push(sse);
      return events;
    },
    finish: (ev) => [
      ...blocks.flush().flatMap(blockEvents),
      {
        event: 'message_delta',
        data: `{"type":"message_delta","delta":{"stop_reason":${JSON.stringify(ev.reason)},"stop_sequence":${JSON.stringify(ev.stopSequence ?? null)}},"usage":${JSON.stringify(anthropicUsage(ev.usage ?? ZERO_USAGE))}}`,
      },
      MESSAGE_STOP,
    ],
    error: (ev) => [anthropicErrorEvent(ev.message, ev.errorType)],
    text: (text) => {
      const index = blocks.continueText(text);
      return index === null ? null : [deltaEvent(index, 'text', text)];
    },
  });
}
