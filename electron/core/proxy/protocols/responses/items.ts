/** Builders for Responses output items and the response envelope, shared by the reply and stream encoders. */
import { argumentsText, customToolInput } from '../toolArguments';
import { carryRedactedThinking, carrySignature } from '../thinkingCarrier';
import { records, str } from '../guards';
import type { OutputPart } from '../ir';
import type { CallerTools } from './callerTools';
import type { ResponsesError, ResponsesOutputItem, ResponsesOutputText, ResponsesResponse, ResponsesUsage } from './types';

export function outputText(text: string): ResponsesOutputText {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

/** Item ids are derived from the response id and the item's position, so they are stable and unique. */
export function itemId(kind: 'msg' | 'rs' | 'fc' | 'ctc', responseId: string, outputIndex: number): string {
  return `${kind}_${responseId.replace(/^resp_/, '')}_${outputIndex}`;
}

/** The finished item for one output part; a call comes back in the form the caller declared its tool (see callerTools). */
export function outputItem(part: OutputPart, id: string, tools: CallerTools): ResponsesOutputItem {
  switch (part.type) {
    case 'text':
      return { id, type: 'message', status: 'completed', role: 'assistant', content: [outputText(part.text)] };
    case 'thinking':
      return {
        id,
        type: 'reasoning',
        summary: part.text ? [{ type: 'summary_text', text: part.text }] : [],
        ...(part.signature ? { encrypted_content: carrySignature(part.signature) } : {}),
      };
    case 'redacted_thinking':
      return { id, type: 'reasoning', summary: [], encrypted_content: carryRedactedThinking(part.data) };
    case 'tool_call': {
      const declared = tools.namespaced.get(part.name);
      const name = declared ? { name: declared.name, namespace: declared.namespace } : { name: part.name };
      return tools.custom.has(part.name)
        ? { id, type: 'custom_tool_call', status: 'completed', call_id: part.id, ...name, input: customToolInput(part.arguments) }
        : { id, type: 'function_call', status: 'completed', call_id: part.id, ...name, arguments: argumentsText(part.arguments) };
    }
  }
}

export function itemKind(part: OutputPart, tools: CallerTools): 'msg' | 'rs' | 'fc' | 'ctc' {
  if (part.type === 'text') return 'msg';
  if (part.type === 'tool_call') return tools.custom.has(part.name) ? 'ctc' : 'fc';
  return 'rs';
}

export interface EnvelopeFields {
  id: string;
  model: string;
  createdAt: number;
  status: ResponsesResponse['status'];
  output: ResponsesOutputItem[];
  usage: ResponsesUsage | null;
  incompleteDetails?: { reason: string } | null;
  error?: ResponsesError | null;
}

export function responseEnvelope(f: EnvelopeFields): ResponsesResponse {
  return {
    id: f.id,
    object: 'response',
    created_at: f.createdAt,
    status: f.status,
    model: f.model,
    output: f.output,
    usage: f.usage,
    incomplete_details: f.incompleteDetails ?? null,
    error: f.error ?? null,
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    metadata: {},
  };
}

/** Reasoning text of an item: its summary, else its full reasoning text (open-weight models send that). */
export function reasoningText(item: Record<string, unknown>): string {
  const summary = records(item.summary).map((s) => str(s.text) ?? '');
  const content = records(item.content).map((c) => str(c.text) ?? '');
  return (summary.some(Boolean) ? summary : content).filter(Boolean).join('\n\n');
}

export function messageItemText(item: Record<string, unknown>): string {
  return records(item.content)
    .map((c) => str(c.text) ?? str(c.refusal) ?? '')
    .join('');
}
