/**
 * Reasoning models served without a reasoning parser (vLLM, llama.cpp, Ollama, relays in front of
 * them) put their thinking inside the Chat `content` as `<think>...</think>` before the answer.
 * This splits such content into thinking and text, for streams that cut the tags anywhere.
 * Only a reply that starts with `<think>` (after whitespace) is split; a tag later in the text is
 * the model talking about tags and stays text.
 */
const OPEN = '<think>';
const CLOSE = '</think>';

export interface ContentPiece {
  kind: 'thinking' | 'text';
  text: string;
}

export interface ThinkTagSplitter {
  push(text: string): ContentPiece[];
  /** The content ended: whatever was held back for a possible tag is let go. */
  end(): ContentPiece[];
  /** True once the content is plain text: push hands every piece back as text, as it came. */
  passesText(): boolean;
}

/** The longest end of `text` that could be the start of `tag` (held until the next piece decides). */
function partialTagLength(text: string, tag: string): number {
  for (let n = Math.min(text.length, tag.length - 1); n > 0; n--) {
    if (tag.startsWith(text.slice(text.length - n))) return n;
  }
  return 0;
}

export function createThinkTagSplitter(): ThinkTagSplitter {
  /** before: nothing but whitespace seen; thinking: inside the tags; after: answer text follows. */
  let state: 'before' | 'thinking' | 'after' | 'text' = 'before';
  let held = '';
  /** Thinking text was passed on already (the whitespace after `<think>` is dropped until then). */
  let thought = false;

  const piece = (kind: ContentPiece['kind'], text: string): ContentPiece[] => (text ? [{ kind, text }] : []);

  function thinking(): ContentPiece[] {
    if (!thought) held = held.trimStart();
    const close = held.indexOf(CLOSE);
    if (close >= 0) {
      const inside = held.slice(0, close).trimEnd();
      held = held.slice(close + CLOSE.length);
      state = 'after';
      return [...piece('thinking', inside), ...after()];
    }
    // Hold back trailing whitespace (it may precede the closing tag) and a partial closing tag.
    const beforeTag = held.slice(0, held.length - partialTagLength(held, CLOSE));
    const out = beforeTag.trimEnd();
    held = held.slice(out.length);
    if (out) thought = true;
    return piece('thinking', out);
  }

  /** From here on the reply is plain text: what is held goes out as text. */
  function toText(): ContentPiece[] {
    state = 'text';
    const out = held;
    held = '';
    return piece('text', out);
  }

  /** The blank lines between `</think>` and the answer are not part of it. */
  function after(): ContentPiece[] {
    held = held.trimStart();
    return held ? toText() : [];
  }

  return {
    push(text) {
      switch (state) {
        case 'text':
          return piece('text', text);
        case 'after':
          held += text;
          return after();
        case 'thinking':
          held += text;
          return thinking();
        case 'before': {
          held += text;
          const start = held.trimStart();
          if (start.startsWith(OPEN)) {
            state = 'thinking';
            held = start.slice(OPEN.length);
            return thinking();
          }
          if (OPEN.startsWith(start)) return []; // whitespace or a partial <think> so far
          return toText();
        }
      }
    },
    end() {
      const out = held;
      held = '';
      return piece(state === 'thinking' ? 'thinking' : 'text', state === 'thinking' ? out.trimEnd() : out);
    },
    passesText: () => state === 'text',
  };
}

/** A complete content string split once. */
export function splitThinkTags(content: string): { thinking: string; text: string } {
  const splitter = createThinkTagSplitter();
  const pieces = [...splitter.push(content), ...splitter.end()];
  const join = (kind: ContentPiece['kind']) => pieces.flatMap((p) => (p.kind === kind ? [p.text] : [])).join('');
  return { thinking: join('thinking'), text: join('text') };
}
