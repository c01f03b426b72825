/** Complete (non-streamed) Chat Completions replies <-> the normalised reply. */
import { isRecord, records, str } from '../guards';
import { replyId } from '../ids';
import type { NormResponse, OutputPart } from '../ir';
import { chatFinish, stopFromChat } from '../stopReason';
import { splitThinkTags } from '../thinkTags';
import { argumentsText } from '../toolArguments';
import { chatUsage, usageFromChat } from '../usage';
import { PIECE_BREAK } from './pieceBreak';
import { chatReasoningText, decodeChatToolCall } from './request';
import type { ChatResponse, ChatToolCall } from './types';

function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  return records(content)
    .map((p) => str(p.text) ?? '')
    .join('');
}

export function decodeChatResponse(body: unknown): NormResponse {
  const res = isRecord(body) ? body : {};
  const choice = records(res.choices)[0] ?? {};
  const message = isRecord(choice.message) ? choice.message : {};
  const content = splitThinkTags(messageText(message.content));
  const reasoning = chatReasoningText(message) || content.thinking;
  const text = content.text || (str(message.refusal) ?? '');
  const calls = records(message.tool_calls).flatMap((c) => decodeChatToolCall(c) ?? []);
  const parts: OutputPart[] = [...(reasoning ? [{ type: 'thinking' as const, text: reasoning }] : []), ...(text ? [{ type: 'text' as const, text }] : []), ...calls];
  return {
    id: str(res.id),
    model: str(res.model),
    parts,
    stopReason: stopFromChat(choice.finish_reason, calls.length > 0),
    usage: usageFromChat(res.usage),
  };
}

export function encodeChatResponse(res: NormResponse, model?: string): ChatResponse {
  const text = res.parts.flatMap((p) => (p.type === 'text' && p.text ? [p.text] : [])).join(PIECE_BREAK);
  const reasoning = res.parts.flatMap((p) => (p.type === 'thinking' && p.text ? [p.text] : [])).join(PIECE_BREAK);
  const toolCalls = res.parts.flatMap((p): ChatToolCall[] =>
    p.type === 'tool_call' ? [{ id: p.id, type: 'function', function: { name: p.name, arguments: argumentsText(p.arguments) } }] : [],
  );
  return {
    id: replyId('chatcmpl-', res.id),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: model || res.model || '',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text || null,
          ...(reasoning ? { reasoning_content: reasoning } : {}),
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
          refusal: null,
        },
        finish_reason: chatFinish(res.stopReason),
        logprobs: null,
      },
    ],
    ...(res.usage ? { usage: chatUsage(res.usage) } : {}),
  };
}
