/**
 * Chat streams passed through to a Chat caller keep their bytes, except where a gateway broke the
 * format in a way the OpenAI SDK cannot read: tool-call fragments without `index` (the SDK files
 * them under "undefined" and loses the call), parallel calls that share one index (the SDK merges
 * them into one call with broken arguments; calls are told apart as the decoder does, see
 * toolCallSlots.ts), a first delta without `role` and a stream that never names a finish_reason
 * (the SDK's finalChatCompletion throws on either). Only those chunks are rewritten; every other
 * one is untouched.
 */
import { isRecord, num, records, str, type JsonObject } from '../guards';
import { createToolCallSlots } from './toolCallSlots';

export interface ChatStreamRepair {
  /** The chunk to send instead of `chunk`, or null when it can go as it came. */
  chunk(chunk: JsonObject): JsonObject | null;
  /** Chunks to send before `[DONE]`: a finish chunk when the upstream never sent a finish_reason. */
  beforeDone(): JsonObject[];
  /** A usage chunk (`choices: []`) for this stream, as OpenAI sends it last. */
  usageChunk(usage: object): JsonObject;
}

export function createChatStreamRepair(): ChatStreamRepair {
  let finished = false;
  let hadToolCalls = false;
  let head: JsonObject = {};
  const slotOf = createToolCallSlots();
  /** Choices whose first delta went out (the SDK needs a role there). */
  const choicesSeen = new Set<number>();

  function fixToolCalls(calls: JsonObject[]): JsonObject[] | null {
    let changed = false;
    const fixed = calls.map((call) => {
      const index = slotOf(call).slot;
      if (index === call.index) return call;
      changed = true;
      return { ...call, index };
    });
    return changed ? fixed : null;
  }

  return {
    chunk(chunk) {
      if (typeof chunk.id === 'string') head = { id: chunk.id, object: chunk.object ?? 'chat.completion.chunk', created: chunk.created, model: chunk.model };
      let changed = false;
      const choices = records(chunk.choices).map((choice) => {
        if (str(choice.finish_reason)) finished = true;
        const delta = isRecord(choice.delta) ? choice.delta : undefined;
        if (!delta) return choice;
        const fixes: JsonObject = {};
        const choiceIndex = num(choice.index) ?? 0;
        if (!choicesSeen.has(choiceIndex) && !str(delta.role)) fixes.role = 'assistant';
        choicesSeen.add(choiceIndex);
        const calls = records(delta.tool_calls);
        if (calls.length) hadToolCalls = true;
        const fixedCalls = calls.length ? fixToolCalls(calls) : null;
        if (fixedCalls) fixes.tool_calls = fixedCalls;
        if (!Object.keys(fixes).length) return choice;
        changed = true;
        return { ...choice, delta: { ...delta, ...fixes } };
      });
      return changed ? { ...chunk, choices } : null;
    },
    beforeDone() {
      if (finished) return [];
      finished = true;
      return [{ ...head, choices: [{ index: 0, delta: {}, finish_reason: hadToolCalls ? 'tool_calls' : 'stop' }] }];
    },
    usageChunk: (usage) => ({ ...head, choices: [], usage }),
  };
}
