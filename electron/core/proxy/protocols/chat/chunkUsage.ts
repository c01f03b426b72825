import { isRecord, type JsonObject } from '../guards';

/**
 * The usage a Chat stream chunk reports: its own `usage`, or, where it has none, its first
 * choice's (Moonshot / Kimi put a stream's usage in `choices[0].usage`). Undefined when neither is an object.
 */
export function chunkUsage(chunk: JsonObject): JsonObject | undefined {
  if (isRecord(chunk.usage)) return chunk.usage;
  const choice: unknown = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
  return isRecord(choice) && isRecord(choice.usage) ? choice.usage : undefined;
}
