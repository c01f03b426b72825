/**
 * Chat streams passed through to a Chat caller keep their bytes, except where a gateway broke the
 * format in a way the OpenAI SDK cannot read: tool-call fragments without `index` (the SDK files
 * them under "undefined" and loses the call) and a stream that never names a finish_reason (the
 * SDK's finalChatCompletion throws). Only those chunks are rewritten; every other one is untouched.
 */
import { isRecord, num, records, str, type JsonObject } from '../guards';

export interface ChatStreamRepair {
  /** The chunk to send instead of `chunk`, or null when it can go as it came. */
  chunk(chunk: JsonObject): JsonObject | null;
  /** Chunks to send before `[DONE]`: a finish chunk when the upstream never sent a finish_reason. */
  beforeDone(): JsonObject[];
}

export function createChatStreamRepair(): ChatStreamRepair {
  let finished = false;
  let hadToolCalls = false;
  let head: JsonObject = {};
  const indexById = new Map<string, number>();
  let lastIndex: number | undefined;
  let nextIndex = 0;

  /** Indexes a fragment the way the decoder matches it: by id, else the call in progress. */
  function indexFor(call: JsonObject): number {
    const id = str(call.id) || undefined;
    if (id && indexById.has(id)) return indexById.get(id)!;
    const index = id || lastIndex === undefined ? nextIndex : lastIndex;
    if (id) indexById.set(id, index);
    return index;
  }

  function fixToolCalls(calls: JsonObject[]): JsonObject[] | null {
    let changed = false;
    const fixed = calls.map((call) => {
      let index = num(call.index);
      if (index === undefined) {
        index = indexFor(call);
        changed = true;
      } else if (str(call.id)) {
        indexById.set(String(call.id), index);
      }
      lastIndex = index;
      nextIndex = Math.max(nextIndex, index + 1);
      return index === call.index ? call : { ...call, index };
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
        const calls = delta ? records(delta.tool_calls) : [];
        if (!calls.length) return choice;
        hadToolCalls = true;
        const fixed = fixToolCalls(calls);
        if (!fixed) return choice;
        changed = true;
        return { ...choice, delta: { ...delta, tool_calls: fixed } };
      });
      return changed ? { ...chunk, choices } : null;
    },
    beforeDone() {
      if (finished) return [];
      finished = true;
      return [{ ...head, choices: [{ index: 0, delta: {}, finish_reason: hadToolCalls ? 'tool_calls' : 'stop' }] }];
    },
  };
}
