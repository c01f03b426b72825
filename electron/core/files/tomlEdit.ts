import { parse as parseToml, parseDocument, patch as patchToml } from '@decimalturn/toml-patch';
import type Iarna from '@iarna/toml';
import { lazily } from '../../../shared/lazy';
import { lateRequire } from '../lateRequire';
import { unparsableConfig } from './configErrors';
import { editRefused, sameData, withEdits, type DataEdit, type DataPath } from './dataEdits';
import { LineIndex, detectEol, endsWithBreak, splice } from './textLines';

export type TomlScalar = string | number | boolean;
export type TomlEdit = DataEdit<TomlScalar>;

/** The parts of toml-patch's syntax tree this editor reads (its node types are not exported). */
interface Loc {
  start: { line: number; column: number };
  end: { line: number; column: number };
}
interface Node {
  type: string;
  loc: Loc;
}
interface KeyValueNode extends Node {
  type: 'KeyValue';
  key: { value: string[] };
  value: Node & { raw?: string };
}
interface TableNode extends Node {
  type: 'Table' | 'TableArray';
  key: Node & { item: { value: string[] } };
  items: Node[];
}

/** A run of key/values under one header (or before the first header: the root). */
interface Section {
  path: string[];
  header: TableNode | null;
  keyValues: KeyValueNode[];
}

const isKeyValue = (n: Node): n is KeyValueNode => n.type === 'KeyValue';
const isTable = (n: Node): n is TableNode => n.type === 'Table' || n.type === 'TableArray';
const samePath = (a: DataPath, b: DataPath) => a.length === b.length && a.every((k, i) => k === b[i]);

interface TomlParseError {
  message: string;
  line?: number;
  column?: number;
}

function syntaxTree(text: string, file: string): Node[] {
  try {
    parseToml(text);
    return parseDocument(text).cst as unknown as Node[];
  } catch (err) {
    const e = err as TomlParseError;
    // toml-patch reports a 1-based line and a 0-based column; its reason is the message's last line.
    const reason = e.message.split('\n').pop() || 'not valid TOML';
    throw unparsableConfig(file, { line: e.line, column: e.column === undefined ? undefined : e.column + 1, reason });
  }
}

/** The data in a TOML config file; a missing file reads as {}. Throws config_unparsable. */
export function readTomlConfig(text: string | null, file: string): Record<string, unknown> {
  if (text === null) return {};
  syntaxTree(text, file);
  return parseToml(text) as Record<string, unknown>;
}

function sectionsOf(tree: Node[]): Section[] {
  const root: Section = { path: [], header: null, keyValues: [] };
  const sections = [root];
  for (const node of tree) {
    if (isTable(node)) sections.push({ path: node.key.item.value, header: node, keyValues: node.items.filter(isKeyValue) });
    else if (isKeyValue(node) && sections.length === 1) root.keyValues.push(node);
  }
  return sections;
}

/**
 * The 1-based line that sets the key at `path`, if the file has it: the key itself, or the key of
 * the inline table that holds it.
 */
export function keyLine(text: string, file: string, path: DataPath): number | undefined {
  for (const section of sectionsOf(syntaxTree(text, file))) {
    const found = section.keyValues.find((kv) => {
      const full = [...section.path, ...kv.key.value];
      return full.length <= path.length && samePath(full, path.slice(0, full.length));
    });
    if (found) return found.loc.start.line;
  }
  return undefined;
}

const bareKey = (k: string) => (/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k));

/** A value as TOML text; basic strings share JSON's escapes (DEL is the one character JSON leaves raw that TOML forbids). */
export function tomlValueText(value: TomlScalar, previousRaw?: string): string {
  if (typeof value !== 'string') return String(value);
  const literalStyle = previousRaw?.startsWith("'") && !previousRaw.startsWith("'''");
  if (literalStyle && !/['\u0000-\u001f\u007f]/.test(value)) return `'${value}'`;
  return JSON.stringify(value).replace(/\u007f/g, '\\u007F');
}

/** Where a new top-level key goes when the root has none: above the first header and its comment block. */
function rootInsertionLine(text: string, lines: LineIndex, firstHeader: TableNode): number {
  let line = firstHeader.loc.start.line;
  while (line > 1 && /^\s*#/.test(text.slice(lines.lineStart(line - 1), lines.lineEndWithBreak(line - 1)))) line--;
  return line;
}

function applyEdit(text: string, edit: TomlEdit, tree: Node[]): string {
  const lines = new LineIndex(text);
  const eol = detectEol(text);
  const offset = (p: Loc['start']) => lines.lineStart(p.line) + p.column;
  const sections = sectionsOf(tree);
  const key = edit.path[edit.path.length - 1];
  const tablePath = edit.path.slice(0, -1);

  for (const section of sections) {
    if (section.header?.type === 'TableArray') continue;
    const found = section.keyValues.find((kv) => samePath([...section.path, ...kv.key.value], edit.path));
    if (!found) continue;
    if (edit.value === undefined) {
      return splice(text, lines.lineStart(found.loc.start.line), lines.lineEndWithBreak(found.loc.end.line), '');
    }
    return splice(text, offset(found.value.loc.start), offset(found.value.loc.end), tomlValueText(edit.value, found.value.raw));
  }
  if (edit.value === undefined) return text;

  const line = `${bareKey(key)} = ${tomlValueText(edit.value)}`;
  const section = sections.find((s) => s.header?.type !== 'TableArray' && samePath(s.path, tablePath));
  if (section) {
    const last = section.keyValues[section.keyValues.length - 1];
    const anchorLine = last?.loc.end.line ?? section.header?.key.loc.end.line;
    if (anchorLine !== undefined) {
      const at = lines.lineEndWithBreak(anchorLine);
      const lead = at === text.length && !endsWithBreak(text) ? eol : '';
      return splice(text, at, at, `${lead}${line}${eol}`);
    }
    const firstHeader = sections[1]?.header;
    if (firstHeader) {
      const at = lines.lineStart(rootInsertionLine(text, lines, firstHeader));
      return splice(text, at, at, `${line}${eol}${eol}`);
    }
    return `${text}${endsWithBreak(text) ? '' : eol}${line}${eol}`;
  }
  // A table that does not exist yet goes at the end, after a blank line.
  const gap = text.trim() === '' ? '' : text.endsWith(`${eol}${eol}`) ? '' : endsWithBreak(text) ? eol : eol + eol;
  return `${text}${gap}[${tablePath.map(bareKey).join('.')}]${eol}${line}${eol}`;
}

/** Loaded only to check an edit: at load it pulls in node:stream, a cost every command start would pay. */
const iarna = lazily(() => lateRequire('@iarna/toml') as typeof Iarna);

/** The parser the result is checked with: @iarna/toml (TOML 1.0, like Codex), or toml-patch for TOML 1.1 files. */
function checker(original: string): (text: string) => unknown {
  try {
    iarna().parse(original);
    return (text) => iarna().parse(text);
  } catch {
    return (text) => parseToml(text);
  }
}

function means(check: (text: string) => unknown, text: string, expected: unknown): boolean {
  try {
    return sameData(check(text), expected);
  } catch {
    return false;
  }
}

/**
 * Applies the edits by splicing only the edited lines, so comments, key order and every other table
 * stay byte-for-byte. New top-level keys go before the first table header; a new table goes at the
 * end. Layouts the splicer cannot express (a table defined inline, say) fall back to toml-patch's
 * comment-preserving patch; either way the result is re-parsed and must mean exactly old data + edits.
 */
export function editToml(text: string | null, file: string, edits: readonly TomlEdit[]): string {
  const original = text ?? '';
  const before = readTomlConfig(original, file);
  const check = checker(original);
  const expected = withEdits(check(original), edits);
  const spliced = spliceAll(original, file, edits);
  if (spliced !== null && means(check, spliced, expected)) return spliced;
  const patched = patchToml(original, withEdits(before, edits));
  if (!means(check, patched, expected)) throw editRefused(file);
  return patched;
}

/** Null when a splice leaves text that no longer parses (the layout needs toml-patch instead). */
function spliceAll(original: string, file: string, edits: readonly TomlEdit[]): string | null {
  let text = original;
  try {
    for (const edit of edits) text = applyEdit(text, edit, syntaxTree(text, file));
    return text;
  } catch {
    return null;
  }
}
