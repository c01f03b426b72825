/** Complete (non-streamed) Anthropic replies <-> the normalised reply. */
import { isRecord, records, str } from '../guards';
import { replyId } from '../ids';
import type { NormResponse, OutputPart } from '../ir';
import { stopFromAnthropic } from '../stopReason';
import { argumentsFromInput, toolInputObject } from '../toolArguments';
import { anthropicUsage, usageFromAnthropic, ZERO_USAGE } from '../usage';
import type { AnthropicOutputBlock, AnthropicResponse } from './types';

/** Adjacent text blocks are one piece of text: Anthropic splits a sentence into blocks around a citation. */
function joinAdjacentText(parts: OutputPart[]): OutputPart[] {
  return parts.reduce<OutputPart[]>((out, part) => {
    const last = out[out.length - 1];
    if (part.type === 'text' && last?.type === 'text') out[out.length - 1] = { type: 'text', text: last.text + part.text };
    else out.push(part);
    return out;
  }, []);
}

export function decodeAnthropicResponse(body: unknown): NormResponse {
  const res = isRecord(body) ? body : {};
  const blocks = records(res.content).flatMap((b): OutputPart[] => {
    switch (b.type) {
      case 'text':
        return [{ type: 'text', text: str(b.text) ?? '' }];
      case 'thinking':
        return [{ type: 'thinking', text: str(b.thinking) ?? '', ...(str(b.signature) ? { signature: str(b.signature) } : {}) }];
      case 'redacted_thinking':
        return [{ type: 'redacted_thinking', data: str(b.data) ?? '' }];
      case 'tool_use':
        return [{ type: 'tool_call', id: str(b.id) ?? '', name: str(b.name) ?? '', arguments: argumentsFromInput(b.input) }];
      default:
        return [];
    }
  });
  const parts = joinAdjacentText(blocks);
  return {
    id: str(res.id),
    model: str(res.model),
    parts,
    stopReason: stopFromAnthropic(res.stop_reason, parts.some((p) => p.type === 'tool_call')),
    stopSequence: str(res.stop_sequence),
    usage: usageFromAnthropic(res.usage),
  };
}

/** The content block for one output part. */
function anthropicBlock(part: OutputPart): AnthropicOutputBlock {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'thinking':
      // Thinking that did not come from Anthropic has no signature; it is shown empty, never invented.
      return { type: 'thinking', thinking: part.text, signature: part.signature ?? '' };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: part.data };
    case 'tool_call':
      return { type: 'tool_use', id: part.id, name: part.name, input: toolInputObject(part.arguments) };
  }
}

export function encodeAnthropicResponse(res: NormResponse, model?: string): AnthropicResponse {
  return {
    id: replyId('msg_', res.id),
    type: 'message',
    role: 'assistant',
    model: model || res.model || '',
    content: res.parts.map(anthropicBlock),
    stop_reason: res.stopReason,
    stop_sequence: res.stopSequence ?? null,
    usage: anthropicUsage(res.usage ?? ZERO_USAGE),
  };
}
