import { isDeepStrictEqual } from 'node:util';
import { SwitchboardError } from '../errors';
import { displayPath } from './configErrors';

/** A key path into parsed config data, e.g. ['model_providers', 'switchboard', 'base_url']. */
export type DataPath = readonly string[];

/** Set the value at `path`, or remove the key when `value` is undefined. */
export interface DataEdit<V> {
  path: DataPath;
  value: V | undefined;
}

type Bag = Record<string, unknown>;

const isBag = (v: unknown): v is Bag => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** A deep copy of plain objects and arrays; dates and other values are shared (parsers use Date subclasses). */
function copy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copy);
  if (isBag(v)) return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, copy(inner)]));
  return v;
}

/** A copy of `data` with the edits applied: what a correct text edit must parse back to. */
export function withEdits<V>(data: unknown, edits: readonly DataEdit<V>[]): Bag {
  const out = (isBag(data) ? copy(data) : {}) as Bag;
  for (const { path, value } of edits) {
    let node: Bag | undefined = out;
    for (const key of path.slice(0, -1)) {
      if (!isBag(node[key])) {
        if (value === undefined) {
          node = undefined;
          break;
        }
        node[key] = {};
      }
      node = node[key] as Bag;
    }
    if (!node) continue;
    const last = path[path.length - 1];
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
  return out;
}

/** Parsed values compared by content: key order and Date subclasses do not matter. */
function canonical(v: unknown): unknown {
  if (v instanceof Date) return { date: v.toISOString() };
  if (typeof v === 'bigint') return { bigint: v.toString() };
  if (Array.isArray(v)) return v.map(canonical);
  if (isBag(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]));
  return v;
}

export function sameData(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(canonical(a), canonical(b));
}

/** Refusal for an edit whose result would not mean exactly what was asked. */
export function editRefused(file: string): SwitchboardError {
  return new SwitchboardError(
    'internal',
    `Switchboard could not edit ${displayPath(file)} without side effects (its layout is unusual); nothing was changed. Please report this file's layout.`,
  );
}

/**
 * Every editor re-parses its own output: if the text does not mean exactly the old data plus the
 * edits, the edit is refused rather than written.
 */
export function assertEditMeans(file: string, actual: unknown, expected: unknown): void {
  if (!sameData(actual, expected)) throw editRefused(file);
}
