/**
 * Orders streamed content into blocks for the protocols that have them (Anthropic content
 * blocks, Responses output items): one block open at a time, the previous one closed before the
 * next opens, indices contiguous, a block opened only once its type is known (never for empty
 * text) and closed where the upstream ended a piece (`part_end`). Tool calls are emitted whole
 * once complete, so parallel calls whose argument deltas interleave never merge, and their
 * arguments can be checked before they are sent.
 */
import type { NormEvent, RedactedThinkingPart, TextPart, ThinkingPart, ToolCallPart } from './ir';

export type BlockOp =
  | { op: 'open'; index: number; kind: 'text' | 'thinking' }
  | { op: 'delta'; index: number; kind: 'text' | 'thinking'; text: string }
  | { op: 'close'; index: number; part: TextPart | ThinkingPart }
  | { op: 'whole'; index: number; part: ToolCallPart | RedactedThinkingPart };

interface PendingCall {
  id: string;
  name: string;
  args: string;
  emitted: boolean;
}

export interface BlockSequencer {
  push(ev: NormEvent): BlockOp[];
  /** At the end of the reply: closes the open block and emits calls that never got their end. */
  flush(): BlockOp[];
  /** Adds a text delta to the open text block: its index, or null when the delta needs a block opened (push it). */
  continueText(text: string): number | null;
}

export function createBlockSequencer(): BlockSequencer {
  let next = 0;
  let open: { index: number; part: TextPart | ThinkingPart } | null = null;
  const calls = new Map<string, PendingCall>();

  function close(): BlockOp[] {
    if (!open) return [];
    const op: BlockOp = { op: 'close', index: open.index, part: open.part };
    open = null;
    return [op];
  }

  function openBlock(part: TextPart | ThinkingPart): BlockOp[] {
    const ops = close();
    open = { index: next++, part };
    ops.push({ op: 'open', index: open.index, kind: part.type });
    return ops;
  }

  /** Whether more `kind` goes into the open block. A signature seals a thinking block: more thinking after it is a new block. */
  const continuesOpen = (kind: 'text' | 'thinking') => open?.part.type === kind && !(open.part.type === 'thinking' && open.part.signature);

  function stream(kind: 'text' | 'thinking', text: string): BlockOp[] {
    if (!text) return [];
    const ops = continuesOpen(kind) ? [] : openBlock({ type: kind, text: '' });
    open!.part.text += text;
    ops.push({ op: 'delta', index: open!.index, kind, text });
    return ops;
  }

  function whole(part: ToolCallPart | RedactedThinkingPart): BlockOp[] {
    return [...close(), { op: 'whole', index: next++, part }];
  }

  function emitCall(key: string): BlockOp[] {
    const call = calls.get(key);
    if (!call || call.emitted) return [];
    call.emitted = true;
    return whole({ type: 'tool_call', id: call.id, name: call.name, arguments: call.args });
  }

  return {
    push(ev) {
      switch (ev.type) {
        case 'text':
        case 'thinking':
          return stream(ev.type, ev.text);
        case 'thinking_signature': {
          // A signature may arrive for a thinking block whose text was empty (thinking not displayed).
          const ops = open?.part.type === 'thinking' && !open.part.signature ? [] : openBlock({ type: 'thinking', text: '' });
          (open!.part as ThinkingPart).signature = ev.signature;
          return ops;
        }
        case 'redacted_thinking':
          return whole({ type: 'redacted_thinking', data: ev.data });
        case 'part_end':
          return close();
        case 'tool_call_start':
          if (!calls.has(ev.key)) calls.set(ev.key, { id: ev.id, name: ev.name, args: '', emitted: false });
          return close();
        case 'tool_call_args': {
          const call = calls.get(ev.key);
          if (call && !call.emitted) call.args += ev.delta;
          return [];
        }
        case 'tool_call_end':
          return emitCall(ev.key);
        default:
          return [];
      }
    },
    flush() {
      return [...close(), ...[...calls.keys()].flatMap(emitCall)];
    },
    continueText(text) {
      if (!text || !continuesOpen('text')) return null;
      open!.part.text += text;
      return open!.index;
    },
  };
}
