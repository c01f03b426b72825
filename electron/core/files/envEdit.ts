import type { DataEdit } from './dataEdits';
import { detectEol, endsWithBreak } from './textLines';

/** One `NAME=value` assignment and the span of text it occupies (its line(s) with the break). */
interface EnvEntry {
  name: string;
  value: string;
  start: number;
  end: number;
  /** The value as written (quotes included), without the comment or blanks after it. */
  valueStart: number;
  valueEnd: number;
  quote: '"' | "'" | null;
}

const ASSIGNMENT = /^[ \t]*(export[ \t]+)?([A-Za-z_][A-Za-z0-9_.]*)[ \t]*=[ \t]*/;
const DOUBLE_QUOTE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Reads a quoted value that may run over several lines; returns the value and where it ends. */
function quoted(text: string, from: number): { value: string; end: number } | null {
  const quote = text[from];
  let value = '';
  for (let i = from + 1; i < text.length; i++) {
    const c = text[i];
    if (c === quote) return { value, end: i + 1 };
    if (quote === '"' && c === '\\' && i + 1 < text.length) {
      const next = text[++i];
      value += DOUBLE_QUOTE_ESCAPES[next] ?? `\\${next}`;
    } else value += c;
  }
  return null;
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl === -1 ? text.length : nl + 1;
}

/** Parses the assignments the way python-dotenv (which Hermes uses) reads them. */
function entriesOf(text: string): EnvEntry[] {
  const entries: EnvEntry[] = [];
  let pos = 0;
  while (pos < text.length) {
    const end = lineEnd(text, pos);
    const m = ASSIGNMENT.exec(text.slice(pos, end));
    if (!m) {
      pos = end;
      continue;
    }
    const valueStart = pos + m[0].length;
    const q = text[valueStart] === '"' || text[valueStart] === "'" ? quoted(text, valueStart) : null;
    if (q) {
      const entryEnd = lineEnd(text, q.end);
      entries.push({ name: m[2], value: q.value, start: pos, end: entryEnd, valueStart, valueEnd: q.end, quote: text[valueStart] as '"' | "'" });
      pos = entryEnd;
      continue;
    }
    // Unquoted: a `#` after whitespace starts a comment.
    const raw = text.slice(valueStart, end).replace(/\r?\n$/, '');
    const written = raw.replace(/(^|[ \t]+)#.*$/, '').trimEnd();
    entries.push({ name: m[2], value: written.trim(), start: pos, end, valueStart, valueEnd: valueStart + written.length, quote: null });
    pos = end;
  }
  return entries;
}

/** The variables a .env file sets (the last assignment of a name wins). */
export function readEnvFile(text: string | null): Map<string, string> {
  return new Map((text ? entriesOf(text) : []).map((e) => [e.name, e.value]));
}

/** The value as .env text, in the quotes the old value used when they can hold it. */
function encode(value: string, quote: EnvEntry['quote'] = null): string {
  if (quote === "'" && !/['\r\n]/.test(value)) return `'${value}'`;
  if (quote === null && /^[A-Za-z0-9_\-.:/+=@,~%]*$/.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}

/** An edit sets or (value undefined) removes one variable, path [NAME]. */
export type EnvEdit = DataEdit<string>;

/** Applies the edits to .env text; every other line, comment and blank line stays as it was. */
export function editEnv(text: string | null, edits: readonly EnvEdit[]): string {
  let out = text ?? '';
  for (const { path, value } of edits) {
    const name = path[0];
    const eol = detectEol(out);
    const matches = entriesOf(out).filter((e) => e.name === name);
    if (!matches.length) {
      if (value !== undefined) out = `${out}${endsWithBreak(out) ? '' : eol}${name}=${encode(value)}${eol}`;
      continue;
    }
    // Rewrite from the last match backwards so earlier offsets stay valid; every assignment of the name agrees afterwards.
    // A new value takes the old one's place only: `export`, spacing and a comment after it stay.
    for (const entry of matches.reverse()) {
      out = value === undefined ? out.slice(0, entry.start) + out.slice(entry.end) : out.slice(0, entry.valueStart) + encode(value, entry.quote) + out.slice(entry.valueEnd);
    }
  }
  return out;
}
