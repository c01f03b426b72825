/** Anthropic Messages SSE -> normalised stream events. */
import { errorKind } from '../errors';
import { isRecord, num, str, type JsonObject } from '../guards';
import { randomId } from '../ids';
import type { NormEvent } from '../ir';
import { stopFromAnthropic } from '../stopReason';
import { createDecoder, streamError, UNFINISHED_STREAM, type StreamDecoder } from '../streamLifecycle';
import { usageFromAnthropic, type Usage } from '../usage';

export function createAnthropicStreamDecoder(): StreamDecoder {
  // message_start and message_delta each report part of the usage; later non-null values win.
  let usage: JsonObject | null = null;
  let stopReason: unknown;
  let stopSequence: string | undefined;
  let sawMessageDelta = false;
  /** A message_delta reported output_tokens: message_start's own count is provisional (Anthropic writes 1 there). */
  let outputCounted = false;
  /** Tool blocks by content-block index; `startInput` for gateways that send the input whole at the start. */
  const tools = new Map<number, { startInput: string; streamed: boolean }>();

  const mergeUsage = (raw: unknown) => {
    if (isRecord(raw)) usage = { ...usage, ...Object.fromEntries(Object.entries(raw).filter(([, v]) => v != null)) };
  };

  /**
   * Without a final output count, the counts reported are kept and the output is left to be
   * estimated (outputEstimated); the provisional count does not make usage that counts nothing count.
   */
  const usageSoFar = (): Usage | null => {
    if (!usage) return null;
    if (outputCounted) return usageFromAnthropic(usage);
    const counted = usageFromAnthropic({ ...usage, output_tokens: 0 });
    return counted && { ...counted, outputEstimated: true };
  };

  const finish = (): NormEvent[] => [
    {
      type: 'finish',
      reason: stopFromAnthropic(stopReason, tools.size > 0),
      ...(stopSequence ? { stopSequence } : {}),
      usage: usageSoFar(),
    },
  ];

  /**
   * Adjacent text blocks are one piece (Anthropic splits a sentence into blocks around a
   * citation); any other block ends the piece, so text on either side of it stays apart.
   */
  function blockStart(index: number, block: JsonObject): NormEvent[] {
    if (block.type === 'text') return block.text ? [{ type: 'text', text: String(block.text) }] : [];
    return [{ type: 'part_end' }, ...otherBlockStart(index, block)];
  }

  function otherBlockStart(index: number, block: JsonObject): NormEvent[] {
    switch (block.type) {
      case 'thinking':
        return block.thinking ? [{ type: 'thinking', text: String(block.thinking) }] : [];
      case 'redacted_thinking':
        return [{ type: 'redacted_thinking', data: str(block.data) ?? '' }];
      case 'tool_use': {
        const input = isRecord(block.input) && Object.keys(block.input).length ? JSON.stringify(block.input) : '';
        tools.set(index, { startInput: input, streamed: false });
        return [{ type: 'tool_call_start', key: String(index), id: str(block.id) || randomId('toolu_'), name: str(block.name) ?? '' }];
      }
      default:
        // Server-side tool blocks ran at Anthropic; a caller of another protocol cannot act on them.
        return [];
    }
  }

  function blockDelta(index: number, delta: JsonObject): NormEvent[] {
    switch (delta.type) {
      case 'text_delta':
        return [{ type: 'text', text: str(delta.text) ?? '' }];
      case 'thinking_delta':
        return [{ type: 'thinking', text: str(delta.thinking) ?? '' }];
      case 'signature_delta':
        return delta.signature ? [{ type: 'thinking_signature', signature: String(delta.signature) }] : [];
      case 'input_json_delta': {
        const tool = tools.get(index);
        if (!tool || !delta.partial_json) return [];
        tool.streamed = true;
        return [{ type: 'tool_call_args', key: String(index), delta: String(delta.partial_json) }];
      }
      default:
        return [];
    }
  }

  function blockStop(index: number): NormEvent[] {
    const tool = tools.get(index);
    if (!tool) return [];
    const key = String(index);
    const whole: NormEvent[] = !tool.streamed && tool.startInput ? [{ type: 'tool_call_args', key, delta: tool.startInput }] : [];
    return [...whole, { type: 'tool_call_end', key }];
  }

  const decoder = createDecoder({
    event(payload) {
      const index = num(payload.index) ?? 0;
      switch (payload.type) {
        case 'message_start': {
          const message = isRecord(payload.message) ? payload.message : {};
          mergeUsage(message.usage);
          return [{ type: 'start', id: str(message.id), model: str(message.model) }];
        }
        case 'content_block_start':
          return blockStart(index, isRecord(payload.content_block) ? payload.content_block : {});
        case 'content_block_delta':
          return blockDelta(index, isRecord(payload.delta) ? payload.delta : {});
        case 'content_block_stop':
          return blockStop(index);
        case 'message_delta': {
          const delta = isRecord(payload.delta) ? payload.delta : {};
          stopReason = delta.stop_reason;
          stopSequence = str(delta.stop_sequence);
          sawMessageDelta = true;
          outputCounted ||= isRecord(payload.usage) && payload.usage.output_tokens != null;
          mergeUsage(payload.usage);
          return [];
        }
        case 'message_stop':
          return finish();
        case 'error': {
          const error = isRecord(payload.error) ? payload.error : {};
          return [streamError(str(error.message) ?? 'The upstream reported an error.', errorKind(error.message, error.type))];
        }
        default:
          return []; // ping and events added to the protocol later
      }
    },
    // A stream that reached message_delta has its stop reason and usage; only message_stop is missing.
    end: () => (sawMessageDelta ? finish() : [streamError(UNFINISHED_STREAM)]),
  });
  return { ...decoder, usageSoFar };
}
