import { isRecord } from './guards';

/** Providers reject object schemas without `properties` (and tools without any schema); give them an empty one. */
export function normalizeToolSchema(schema: unknown): Record<string, unknown> {
  if (!isRecord(schema)) return { type: 'object', properties: {} };
  const typed = schema.type === undefined ? { ...schema, type: 'object' } : schema;
  return typed.type === 'object' && !isRecord(typed.properties) ? { ...typed, properties: {} } : typed;
}
