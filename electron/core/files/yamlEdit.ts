import { Pair, Scalar, YAMLMap, isAlias, isMap, isScalar, isSeq, parseDocument, stringify, visit, type Document, type Node as YamlNode } from 'yaml';
import { SwitchboardError } from '../errors';
import { displayPath, unparsableConfig } from './configErrors';
import { assertEditMeans, withEdits, type DataEdit } from './dataEdits';
import { LineIndex, detectEol, endsWithBreak, splice, type Eol } from './textLines';

export type YamlScalar = string | number | boolean;
export interface YamlEdit extends DataEdit<YamlScalar> {
  /**
   * For a removal: the value to write on the mapping instead when a `<<` merge key would still
   * supply the key after it is removed there (an explicit key wins over merged ones). Without one,
   * such a removal is refused, naming the key and the merge's line.
   */
  shadow?: YamlScalar;
}

type Block = YamlScalar | { [key: string]: Block };

/** Hermes reads its config with PyYAML, which applies `<<` merge keys: so does every read and check here. */
const PARSE_OPTIONS = { uniqueKeys: false, merge: true } as const;

function parse(text: string, file: string): Document.Parsed {
  const doc = parseDocument(text, PARSE_OPTIONS);
  const problem = doc.errors[0];
  if (problem) {
    const at = problem.linePos?.[0];
    // The message repeats the position and quotes the source after a colon; the first clause is the
    // reason. The one for a second document speaks of the package's API, not of the file.
    const reason =
      problem.code === 'MULTIPLE_DOCS'
        ? 'a second YAML document starts here, and Hermes reads a config of one document only'
        : problem.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw unparsableConfig(file, { line: at?.line, column: at?.col, reason });
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw unparsableConfig(file, { line: 1, reason: 'the file must hold a mapping of keys at the top' });
  }
  return doc;
}

/** The data in a YAML config file; a missing or empty file reads as {}. Throws config_unparsable. */
export function readYamlConfig(text: string | null, file: string): Record<string, unknown> {
  if (text === null) return {};
  const doc = parse(text, file);
  try {
    return (doc.toJS() as Record<string, unknown> | null) ?? {};
  } catch (err) {
    // The document parsed, but an alias has no anchor before it (or aliases multiply beyond the
    // package's limit): its bare ReferenceError is turned into our sentence, at the alias if it is one.
    let at: number | undefined;
    visit(doc, {
      Alias(_, alias) {
        if (alias.resolve(doc)) return undefined;
        at = alias.range?.[0];
        return visit.BREAK;
      },
    });
    throw unparsableConfig(file, { ...(at === undefined ? {} : new LineIndex(text).positionOf(at)), reason: (err as Error).message });
  }
}

interface Layout {
  lines: LineIndex;
  eol: Eol;
  unit: string;
}

function layoutOf(text: string, doc: Document.Parsed): Layout {
  const lines = new LineIndex(text);
  let unit = '  ';
  const root = doc.contents as YAMLMap | null;
  for (const pair of root?.items ?? []) {
    const child = pair.value;
    if (isMap(child) && !child.flow && child.items.length && child.range) {
      const outer = lines.indentAt((pair.key as YamlNode).range![0]);
      const inner = lines.indentAt(child.range[0]);
      if (inner.length > outer.length) unit = inner.slice(outer.length);
      break;
    }
  }
  return { lines, eol: detectEol(text), unit };
}

/** A scalar as YAML text, in the quoting style the old value used when that style can hold it. */
function scalarText(value: YamlScalar, old?: Scalar): string {
  if (typeof value === 'string' && !/[\u0000-\u001f\u007f]/.test(value)) {
    if (old?.type === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
    if (old?.type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  }
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/** `key: value` lines for a nested value, each starting with `indent`. */
function blockLines(key: string, value: Block, indent: string, layout: Layout): string[] {
  const name = scalarText(key);
  if (typeof value !== 'object') return [`${indent}${name}: ${scalarText(value)}`];
  return [`${indent}${name}:`, ...Object.entries(value).flatMap(([k, v]) => blockLines(k, v, indent + layout.unit, layout))];
}

const nest = (path: readonly string[], value: YamlScalar): Block => path.reduceRight<Block>((inner, key) => ({ [key]: inner }), value);

const pairNamed = (map: YAMLMap, key: string) =>
  (map.items as Pair<YamlNode, YamlNode | null>[]).findLast((p) => isScalar(p.key) && String(p.key.value) === key);

const isMergePair = (p: Pair<YamlNode, YamlNode | null>) => isScalar(p.key) && typeof p.key.value === 'symbol';

/** Offset just past the line on which a pair (with everything nested under it) ends. */
function pairEnd(pair: Pair<YamlNode, YamlNode | null>, lines: LineIndex): number {
  const end = Math.max(pair.key.range![1], pair.value?.range?.[1] ?? 0, isScalar(pair.value) ? pair.value.range![2] : 0);
  return lines.lineEndWithBreak(lines.positionOf(Math.max(end - 1, pair.key.range![0])).line);
}

function insertPair(text: string, map: YAMLMap | null, key: string, value: Block, layout: Layout): string {
  const items = (map?.items ?? []) as Pair<YamlNode, YamlNode | null>[];
  if (!items.length) {
    const block = blockLines(key, value, '', layout).join(layout.eol);
    return `${text}${endsWithBreak(text) ? '' : layout.eol}${block}${layout.eol}`;
  }
  const indent = layout.lines.indentAt(items[0].key.range![0]);
  const at = pairEnd(items[items.length - 1], layout.lines);
  const lead = at === text.length && !endsWithBreak(text) ? layout.eol : '';
  return splice(text, at, at, `${lead}${blockLines(key, value, indent, layout).join(layout.eol)}${layout.eol}`);
}

/** Splices one edit into block-style YAML; null when the layout (flow maps, aliases) needs the Document API. */
function spliceEdit(text: string, file: string, edit: YamlEdit): string | null {
  const doc = parse(text, file);
  const layout = layoutOf(text, doc);
  let map = doc.contents as YAMLMap | null;
  for (let i = 0; i < edit.path.length; i++) {
    if (map?.flow) return null;
    const key = edit.path[i];
    const pair = map ? pairNamed(map, key) : undefined;
    const isLast = i === edit.path.length - 1;
    if (edit.value === undefined) {
      if (!pair) return text;
      if (isLast) return splice(text, layout.lines.lineStart(layout.lines.positionOf(pair.key.range![0]).line), pairEnd(pair, layout.lines), '');
      if (isAlias(pair.value)) return null;
      if (!isMap(pair.value)) return text;
    } else {
      if (!pair) return insertPair(text, map, key, nest(edit.path.slice(i + 1), edit.value), layout);
      const value = pair.value;
      if (isLast) {
        if (value && !isScalar(value)) return null;
        const [start, end] = value?.range ?? [pair.key.range![1], pair.key.range![1]];
        const rendered = scalarText(edit.value, value ?? undefined);
        return splice(text, start, end, start === end && text[start - 1] === ':' ? ` ${rendered}` : rendered);
      }
      if (!isMap(value)) {
        if (value && !isScalar(value)) return null;
        // A scalar (or empty) value becomes a block mapping holding the rest of the path.
        const indent = layout.lines.indentAt(pair.key.range![0]) + layout.unit;
        const [k, ...rest] = edit.path.slice(i + 1);
        const block = blockLines(k, nest(rest, edit.value), indent, layout).join(layout.eol);
        return splice(text, pair.key.range![1], value?.range?.[1] ?? pair.key.range![1], `:${layout.eol}${block}`);
      }
    }
    map = pair.value as YAMLMap;
  }
  return text;
}

/** A copy of a node (an alias: of the node it names) without anchors, so no later alias turns to it. */
function unanchoredCopy(doc: Document.Parsed, node: YamlNode): YamlNode {
  const copy = ((isAlias(node) ? node.resolve(doc) : node) as YamlNode).clone() as YamlNode;
  visit(copy, { Node: (_, inner) => void delete inner.anchor });
  return copy;
}

/**
 * Replaces each alias on the way to the edited key (`model: *shared`) with a copy of the node it
 * names, so the edit changes this key alone and not every place that shares the anchor.
 */
function unshareAliases(doc: Document.Parsed, path: readonly string[]): void {
  let map: YamlNode | null = doc.contents;
  for (const key of path.slice(0, -1)) {
    if (!isMap(map)) return;
    const pair = pairNamed(map, key);
    if (!pair) return;
    if (isAlias(pair.value)) pair.value = unanchoredCopy(doc, pair.value);
    map = pair.value;
  }
}

function documentApiEdit(text: string, file: string, edit: YamlEdit): string {
  const doc = parse(text, file);
  unshareAliases(doc, edit.path);
  if (edit.value === undefined) doc.deleteIn(edit.path);
  else doc.setIn(edit.path, edit.value);
  return String(doc);
}

/**
 * For a mapping without its own `key`: the `<<` merge pair that supplies it and the node supplied
 * (the first source wins, as the `yaml` package reads it).
 */
function mergeOf(doc: Document.Parsed, map: YAMLMap, key: string): { merge: Pair<YamlNode, YamlNode | null>; value: YamlNode | null } | undefined {
  for (const merge of (map.items as Pair<YamlNode, YamlNode | null>[]).filter(isMergePair)) {
    for (const source of isSeq(merge.value) ? (merge.value.items as YamlNode[]) : [merge.value]) {
      const resolved = isAlias(source) ? (source.resolve(doc) as YamlNode) : source;
      if (!isMap(resolved)) continue;
      const own = pairNamed(resolved, key);
      const value = own ? own.value : mergeOf(doc, resolved, key)?.value;
      if (value !== undefined) return { merge, value };
    }
  }
  return undefined;
}

/** The mapping a key path ends in (aliases and << merge keys followed), null when the path does not lead through mappings. */
function parentMap(doc: Document.Parsed, path: readonly string[]): YAMLMap | null {
  let node: YamlNode | null = doc.contents;
  for (const key of path.slice(0, -1)) {
    if (isAlias(node)) node = node.resolve(doc) as YamlNode;
    if (!isMap(node)) return null;
    node = pairNamed(node, key)?.value ?? mergeOf(doc, node, key)?.value ?? null;
  }
  if (isAlias(node)) node = node.resolve(doc) as YamlNode;
  return isMap(node) ? node : null;
}

/** The `<<` pair that would still supply `key` to the mapping once the mapping's own `key` is gone. */
function mergeSupplying(doc: Document.Parsed, map: YAMLMap, key: string): Pair<YamlNode, YamlNode | null> | undefined {
  const merges = (map.items as Pair<YamlNode, YamlNode | null>[]).filter(isMergePair);
  return merges.find((merge) => {
    const alone = new YAMLMap(doc.schema);
    alone.items = [merge];
    return key in (alone.toJS(doc) as Record<string, unknown>);
  });
}

/**
 * A removal cannot reach a key that a `<<` merge key supplies: it lives in the anchor, which other
 * mappings share. Such a removal becomes its shadow value written on the mapping itself, or is
 * refused in a sentence naming the key and the line of the merge.
 */
function reachable(doc: Document.Parsed, text: string, file: string, edit: YamlEdit): YamlEdit {
  const key = edit.path[edit.path.length - 1];
  const map = edit.value === undefined ? parentMap(doc, edit.path) : null;
  const merge = map && mergeSupplying(doc, map, key);
  if (!merge) return edit;
  if (edit.shadow !== undefined) return { path: edit.path, value: edit.shadow };
  const { line } = new LineIndex(text).positionOf(merge.key.range![0]);
  const name = edit.path.join('.');
  throw new SwitchboardError(
    'conflict',
    `${displayPath(file)} line ${line}: ${name} comes in through the << merge key there, and Switchboard must remove it but cannot without changing the anchor other mappings share; take ${key} out of that anchor, then try again. Nothing was changed.`,
    { file, line },
  );
}

/** `key: <copy of node>` as block YAML lines at `indent`, in the file's indentation unit. */
function copiedPairText(doc: Document.Parsed, key: string, node: YamlNode | null, indent: string, layout: Layout): string {
  const holder: Document = doc.clone();
  const map = new YAMLMap<YamlNode, YamlNode | null>(holder.schema);
  const copy = node && unanchoredCopy(doc, node);
  // Block style, so the edits that follow splice into it rather than re-render the file.
  if (copy) visit(copy, { Map: (_, inner) => void (inner.flow = false), Seq: (_, inner) => void (inner.flow = false) });
  map.items.push(new Pair<YamlNode, YamlNode | null>(new Scalar(key), copy));
  holder.contents = map;
  holder.commentBefore = holder.comment = null;
  // Aliases in the copy name anchors set earlier in the file, which the holder does not hold.
  const lines = holder.toString({ indent: layout.unit.length, lineWidth: 0, verifyAliasOrder: false, directives: false }).replace(/\n$/, '').split('\n');
  return lines.map((line) => (line ? indent + line : line)).join(layout.eol) + layout.eol;
}

/**
 * A mapping on an edit's way that only a `<<` merge key supplies (`<<: *defaults` at the top, where
 * defaults holds `model:`) lives in the anchor, which other mappings share. It is copied onto the
 * merging mapping as its own key, just after the merge (an own key wins over merged ones), so the
 * edit changes this place alone and the anchor and its other users stay as they are.
 */
function ownMergedMaps(text: string, file: string, path: readonly string[]): string {
  const doc = parse(text, file);
  let node: YamlNode | null = doc.contents;
  for (const key of path.slice(0, -1)) {
    // A mapping reached through an alias is the anchor's own: the alias is copied at the edit instead.
    if (!isMap(node)) return text;
    const pair = pairNamed(node, key);
    if (pair) {
      node = pair.value;
      continue;
    }
    const merged = mergeOf(doc, node, key);
    if (!merged) return text;
    if (node.flow) {
      node.items.push(new Pair<YamlNode, YamlNode | null>(new Scalar(key), merged.value && unanchoredCopy(doc, merged.value)));
      return ownMergedMaps(String(doc), file, path);
    }
    const layout = layoutOf(text, doc);
    const at = pairEnd(merged.merge, layout.lines);
    const lead = at === text.length && !endsWithBreak(text) ? layout.eol : '';
    const copied = copiedPairText(doc, key, merged.value, layout.lines.indentAt(merged.merge.key.range![0]), layout);
    return ownMergedMaps(splice(text, at, at, lead + copied), file, path);
  }
  return text;
}

/** The data holds a value at the path. */
function holds(data: unknown, path: readonly string[]): boolean {
  let node = data;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

/**
 * Applies the edits to YAML text. Block mappings are edited by splicing only the edited lines, so
 * comments, quoting and indentation elsewhere stay byte-for-byte (a plain `yaml` round trip would
 * re-indent and re-wrap the whole file); other layouts go through the `yaml` Document API. The
 * result is re-parsed and must mean exactly the old data plus the edits.
 */
export function editYaml(text: string | null, file: string, edits: readonly YamlEdit[]): string {
  const original = text ?? '';
  // Read first: a merge of an alias with no anchor is refused in the file's sentence, not the parser's bare words.
  const data = readYamlConfig(original, file);
  const doc = parse(original, file);
  // Refusals are decided on the file as it is, so the lines they name are the user's.
  const planned = edits.map((edit) => reachable(doc, original, file, edit));
  const expected = withEdits(data, planned);
  const owned = planned.reduce((t, edit) => (edit.value !== undefined || holds(data, edit.path) ? ownMergedMaps(t, file, edit.path) : t), original);
  const after = planned.reduce((t, edit) => {
    const spliced = spliceEdit(t, file, edit);
    return spliced !== null && parseDocument(spliced, PARSE_OPTIONS).errors.length === 0 ? spliced : documentApiEdit(t, file, edit);
  }, owned);
  assertEditMeans(file, readYamlConfig(after, file), expected);
  return after;
}
