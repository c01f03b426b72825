/** Stop/finish reasons: stop<->end_turn, length<->max_tokens, tool_calls<->tool_use, content_filter<->refusal. */
import type { StopReason } from './ir';

export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/** Some gateways answer "stop" although the reply holds tool calls; the calls decide. */
export function stopFromChat(finish: unknown, hadToolCalls: boolean): StopReason {
  switch (finish) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return hadToolCalls ? 'tool_use' : 'end_turn';
  }
}

export function chatFinish(reason: StopReason): ChatFinishReason {
  switch (reason) {
    case 'max_tokens':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}

export function stopFromAnthropic(reason: unknown, hadToolCalls: boolean): StopReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'max_tokens';
    case 'stop_sequence':
    case 'tool_use':
    case 'refusal':
      return reason;
    default:
      return hadToolCalls ? 'tool_use' : 'end_turn';
  }
}

/** Responses has no tool-use status: a completed reply with function calls stopped for them. */
export function stopFromResponses(status: unknown, incompleteReason: unknown, hadToolCalls: boolean): StopReason {
  if (status === 'incomplete') return incompleteReason === 'content_filter' ? 'refusal' : 'max_tokens';
  return hadToolCalls ? 'tool_use' : 'end_turn';
}

export interface ResponsesOutcome {
  status: 'completed' | 'incomplete';
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
}

export function responsesOutcome(reason: StopReason): ResponsesOutcome {
  if (reason === 'max_tokens') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (reason === 'refusal') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}
