import type { FileTexts, OwnedValue } from './types';

/** The text a planner was given for a file; null when the file does not exist. */
export const textOf = (texts: FileTexts, file: string): string | null => texts.get(file) ?? null;

/**
 * True when Switchboard itself set this key, to exactly the value it still has. Such a value may be
 * retired (say, the model a previous provider needed); anything the user set or changed is kept.
 */
export function wroteUnchanged(previous: readonly OwnedValue[], file: string, key: string, current: unknown): boolean {
  return typeof current === 'string' && previous.some((v) => v.file === file && v.key === key && v.value === current);
}

/** The owned values present in a flat record, under a key prefix (e.g. `env.`). */
export function ownedFrom(
  file: string,
  record: Record<string, unknown>,
  keys: readonly string[],
  prefix: string,
  isSecret: (key: string) => boolean,
): OwnedValue[] {
  return keys.flatMap((k) => {
    const value = record[k];
    return typeof value === 'string' || typeof value === 'boolean' ? [{ file, key: prefix + k, value: String(value), secret: isSecret(k) }] : [];
  });
}

export const asRecord = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export const asString = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
