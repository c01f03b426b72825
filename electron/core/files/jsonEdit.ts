import { unparsableConfig } from './configErrors';
import { assertEditMeans, withEdits, type DataEdit } from './dataEdits';
import { JsonSyntaxError, parseJsonSyntax, type JsonMember, type JsonNode, type JsonObjectNode } from './jsonSyntax';
import { LineIndex, detectEol, splice, type Eol } from './textLines';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonEdit = DataEdit<JsonValue>;

const isBlank = (text: string | null): text is null => text === null || text.replace(/^\uFEFF/, '').trim() === '';

function parseObject(text: string, file: string): JsonObjectNode {
  let root: JsonNode;
  try {
    root = parseJsonSyntax(text);
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
    throw unparsableConfig(file, { ...new LineIndex(text).positionOf(err.offset), reason: err.reason });
  }
  if (root.kind !== 'object') throw unparsableConfig(file, { line: 1, reason: 'the file must hold a JSON object ({...})' });
  return root;
}

/** The data in a JSON config file; a missing or empty file reads as {}. Throws config_unparsable. */
export function readJsonConfig(text: string | null, file: string): Record<string, unknown> {
  if (isBlank(text)) return {};
  parseObject(text, file);
  return JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
}

/** How the file lays out objects, so inserted members look like their neighbours. */
interface Layout {
  lines: LineIndex;
  eol: Eol;
  /** One level of indentation. */
  unit: string;
  /** What separates a key from its value, e.g. ': '. */
  colon: string;
}

function layoutOf(text: string, root: JsonObjectNode): Layout {
  const lines = new LineIndex(text);
  const first = root.members[0];
  const ownLine = first && text.slice(root.start, first.keyStart).includes('\n');
  return {
    lines,
    eol: detectEol(text),
    unit: ownLine ? lines.indentAt(first.keyStart) || '  ' : '  ',
    colon: first ? text.slice(first.keyEnd, first.value.start).replace(/\s*\n\s*/g, ' ') : ': ',
  };
}

function render(value: JsonValue, indent: string, layout: Layout): string {
  return JSON.stringify(value, null, layout.unit).split('\n').join(layout.eol + indent);
}

function nest(path: readonly string[], value: JsonValue): JsonValue {
  return path.reduceRight<JsonValue>((inner, key) => ({ [key]: inner }), value);
}

function memberText(key: string, value: JsonValue, indent: string, layout: Layout): string {
  return `${JSON.stringify(key)}${layout.colon}${render(value, indent, layout)}`;
}

function insertMember(text: string, obj: JsonObjectNode, key: string, value: JsonValue, layout: Layout): string {
  const last = obj.members[obj.members.length - 1];
  if (!last) {
    const outer = layout.lines.indentAt(obj.start);
    const inner = outer + layout.unit;
    return splice(text, obj.start + 1, obj.end - 1, `${layout.eol}${inner}${memberText(key, value, inner, layout)}${layout.eol}${outer}`);
  }
  const multiline = text.slice(obj.start, obj.members[0].keyStart).includes('\n');
  if (!multiline) return splice(text, last.value.end, last.value.end, `, ${memberText(key, value, '', layout)}`);
  const indent = layout.lines.indentAt(last.keyStart);
  return splice(text, last.value.end, last.value.end, `,${layout.eol}${indent}${memberText(key, value, indent, layout)}`);
}

function removeMember(text: string, obj: JsonObjectNode, member: JsonMember): string {
  const i = obj.members.indexOf(member);
  if (obj.members.length === 1) return splice(text, obj.start + 1, obj.end - 1, '');
  // Removing up to the next key keeps that key at this member's indentation; the last member takes the comma before it.
  if (i < obj.members.length - 1) return splice(text, member.keyStart, obj.members[i + 1].keyStart, '');
  return splice(text, obj.members[i - 1].value.end, member.value.end, '');
}

/** JSON allows duplicate keys; the last one wins, as in JSON.parse. */
const memberNamed = (obj: JsonObjectNode, key: string) => obj.members.findLast((m) => m.key === key);

function applyEdit(text: string, file: string, edit: JsonEdit): string {
  const root = parseObject(text, file);
  const layout = layoutOf(text, root);
  let obj = root;
  for (let i = 0; i < edit.path.length; i++) {
    const key = edit.path[i];
    const member = memberNamed(obj, key);
    const isLast = i === edit.path.length - 1;
    if (edit.value === undefined) {
      if (!member) return text;
      if (isLast) return removeMember(text, obj, member);
      if (member.value.kind !== 'object') return text;
    } else {
      const rest = nest(edit.path.slice(i + 1), edit.value);
      if (!member) return insertMember(text, obj, key, rest, layout);
      if (isLast || member.value.kind !== 'object') {
        return splice(text, member.value.start, member.value.end, render(rest, layout.lines.indentAt(member.keyStart), layout));
      }
    }
    obj = member.value as JsonObjectNode;
  }
  return text;
}

/**
 * Applies the edits to a JSON file's text, changing only the edited members; a missing or empty
 * file becomes a fresh two-space-indented object.
 */
export function editJson(text: string | null, file: string, edits: readonly JsonEdit[]): string {
  const before = readJsonConfig(text, file);
  const expected = withEdits(before, edits);
  const after = isBlank(text) ? `${JSON.stringify(expected, null, 2)}\n` : edits.reduce((t, e) => applyEdit(t, file, e), text);
  assertEditMeans(file, readJsonConfig(after, file), expected);
  return after;
}
