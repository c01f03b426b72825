import type { FileTexts, OwnedValue } from './types';

/** The text a planner was given for a file; null when the file does not exist. */
export const textOf = (texts: FileTexts, file: string): string | null => texts.get(file) ?? null;

/** Switchboard's record of this key when the key still holds exactly the value Switchboard set. */
/** The owned value Switchboard wrote at `key`, while the file still holds it as written. */
export function unchangedRecord(previous: readonly OwnedValue[], file: string, key: string, current: unknown): OwnedValue | undefined {
  return typeof current === 'string' ? previous.find((v) => v.file === file && v.key === key && v.value === current) : undefined;
}

const scalarText = (v: unknown): string | null => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : null);

/** What an apply does with the keys Switchboard sets only when asked. */
export interface OptionalKeysPlan {
  /** Keys to put back as they were before Switchboard first set them (undefined: remove the key). */
  givenBack: [key: string, value: string | undefined][];
  /** The owned values among these keys after the apply, each remembering what it replaced. */
  owned: OwnedValue[];
}

/**
 * Keys Switchboard sets only when asked (a model, a proxy-only flag). One set now remembers what it
 * replaced: the value before Switchboard first set it, carried over while the key keeps Switchboard's
 * value. One not set now gets that value back if it still holds Switchboard's; a value the user set
 * or edited stays, and so does one whose replaced value was never recorded (an older Switchboard
 * wrote it): it stays owned, so an edit to it still shows as drift.
 */
export function planOptionalKeys(
  previous: readonly OwnedValue[],
  file: string,
  prefix: string,
  keys: readonly string[],
  wanted: Readonly<Record<string, string | undefined>>,
  current: Readonly<Record<string, unknown>>,
): OptionalKeysPlan {
  const plan: OptionalKeysPlan = { givenBack: [], owned: [] };
  for (const k of keys) {
    const mine = unchangedRecord(previous, file, prefix + k, current[k]);
    const value = wanted[k];
    if (value !== undefined) plan.owned.push({ file, key: prefix + k, value, secret: false, replaced: mine ? mine.replaced : scalarText(current[k]) });
    else if (mine && mine.replaced !== undefined) plan.givenBack.push([k, mine.replaced ?? undefined]);
    else if (mine) plan.owned.push(mine);
  }
  return plan;
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
