/** Complete (non-streamed) Responses replies <-> the normalised reply. */
import { isRecord, records, str } from '../guards';
import { replyId } from '../ids';
import type { NormResponse, OutputPart } from '../ir';
import { responsesOutcome, stopFromResponses } from '../stopReason';
import { customToolArguments } from '../toolArguments';
import { responsesUsage, usageFromResponses } from '../usage';
import { itemId, itemKind, messageItemText, outputItem, reasoningText, responseEnvelope } from './items';
import type { CallerTools } from './callerTools';
import type { ResponsesResponse } from './types';

export function decodeResponsesResponse(body: unknown): NormResponse {
  const res = isRecord(body) ? body : {};
  const parts = records(res.output).flatMap((item): OutputPart[] => {
    switch (item.type) {
      case 'message': {
        const text = messageItemText(item);
        return text ? [{ type: 'text', text }] : [];
      }
      case 'reasoning': {
        const text = reasoningText(item);
        return text ? [{ type: 'thinking', text }] : [];
      }
      case 'function_call':
        return [{ type: 'tool_call', id: str(item.call_id) ?? '', name: str(item.name) ?? '', arguments: str(item.arguments) ?? '' }];
      case 'custom_tool_call':
        return [{ type: 'tool_call', id: str(item.call_id) ?? '', name: str(item.name) ?? '', arguments: customToolArguments(str(item.input) ?? '') }];
      default:
        return [];
    }
  });
  const incomplete = isRecord(res.incomplete_details) ? res.incomplete_details.reason : undefined;
  return {
    id: str(res.id),
    model: str(res.model),
    parts,
    stopReason: stopFromResponses(res.status, incomplete, parts.some((p) => p.type === 'tool_call')),
    usage: usageFromResponses(res.usage),
  };
}

export function encodeResponsesResponse(res: NormResponse, model: string | undefined, tools: CallerTools): ResponsesResponse {
  const id = replyId('resp_', res.id);
  const outcome = responsesOutcome(res.stopReason);
  return responseEnvelope({
    id,
    model: model || res.model || '',
    createdAt: Math.floor(Date.now() / 1000),
    status: outcome.status,
    incompleteDetails: outcome.incomplete_details,
    output: res.parts.map((p, i) => outputItem(p, itemId(itemKind(p, tools), id, i), tools)),
    usage: res.usage ? responsesUsage(res.usage) : null,
  });
}
