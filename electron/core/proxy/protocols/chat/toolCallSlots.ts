/**
 * Tells apart the tool calls of one Chat stream from their fragments, for the decoder and the
 * passthrough repair alike. Chat keys a fragment by `index`, but gateways bend that: some number
 * every call 0 and give each its own id; some (Gemini's OpenAI endpoint) send every call whole, at
 * index 0 or with no index, and with no id; some send the id only after the first arguments.
 */
import { isRecord, num, parseJson, str, type JsonObject } from '../guards';

interface Slot {
  id: string | undefined;
  name: string;
  args: string;
}

export interface ToolCallSlot {
  /** The call's number in the stream, from 0, in the order calls began. */
  slot: number;
  /** The upstream's id for the call, once any fragment gave one. */
  id: string | undefined;
}

/** A fragment's name starts another call when the call it would join is already named and complete. */
function startsAnotherCall(known: Slot, name: string | undefined): boolean {
  if (!name || !known.name) return false;
  return name !== known.name || (known.args.trim() !== '' && parseJson(known.args) !== undefined);
}

/**
 * A fragment belongs to the call with its id, else to the call its index last meant, else (no
 * index) to the call in progress. It starts a new call when it brings an id that call does not
 * have, or a name where that call is named and its arguments are whole JSON. A call without an id
 * takes the first one a fragment brings.
 */
export function createToolCallSlots(): (fragment: JsonObject) => ToolCallSlot {
  const slots: Slot[] = [];
  const byId = new Map<string, number>();
  const byIndex = new Map<number, number>();
  let last: number | undefined;
  return (fragment) => {
    const id = str(fragment.id) || undefined;
    const index = num(fragment.index);
    const fn = isRecord(fragment.function) ? fragment.function : {};
    const name = str(fn.name) || undefined;
    let slot = id === undefined ? undefined : byId.get(id);
    if (slot === undefined) {
      const candidate = index !== undefined ? byIndex.get(index) : last;
      const known = candidate === undefined ? undefined : slots[candidate];
      if (known && !(id && known.id) && !startsAnotherCall(known, name)) slot = candidate;
    }
    if (slot === undefined) {
      slot = slots.length;
      slots.push({ id: undefined, name: '', args: '' });
    }
    const call = slots[slot];
    if (id && !call.id) {
      call.id = id;
      byId.set(id, slot);
    }
    if (name && !call.name) call.name = name;
    call.args += str(fn.arguments) ?? '';
    if (index !== undefined) byIndex.set(index, slot);
    last = slot;
    return { slot, id: call.id };
  };
}
