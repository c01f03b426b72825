/**
 * A small JSON parser that remembers where every value sits, so edits can splice the original
 * text (keeping its indentation, spacing and key order) and errors can name line and column.
 */

export type JsonNode = JsonObjectNode | JsonArrayNode | JsonScalarNode;

export interface JsonMember {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: JsonNode;
}

export interface JsonObjectNode {
  kind: 'object';
  start: number;
  end: number;
  members: JsonMember[];
}

export interface JsonArrayNode {
  kind: 'array';
  start: number;
  end: number;
  items: JsonNode[];
}

export interface JsonScalarNode {
  kind: 'scalar';
  start: number;
  end: number;
}

/** Thrown with the offset where parsing stopped and a reason worded for people. */
export class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

class Scanner {
  pos = 0;

  constructor(readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  fail(reason: string, at = this.pos): never {
    throw new JsonSyntaxError(at, reason);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && ' \t\r\n'.includes(this.text[this.pos])) this.pos++;
  }

  describeHere(): string {
    return this.pos >= this.text.length ? 'the file ends' : `found ${JSON.stringify(this.text[this.pos])}`;
  }

  value(): JsonNode {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') {
      const start = this.pos;
      this.string();
      return { kind: 'scalar', start, end: this.pos };
    }
    for (const pattern of [NUMBER, LITERAL]) {
      pattern.lastIndex = this.pos;
      const m = pattern.exec(this.text);
      if (m) {
        const start = this.pos;
        this.pos += m[0].length;
        return { kind: 'scalar', start, end: this.pos };
      }
    }
    return this.fail(`expected a value but ${this.describeHere()}`);
  }

  string(): string {
    const start = this.pos;
    this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === '\\') this.pos += 2;
      else if (c === '"') {
        this.pos++;
        try {
          return JSON.parse(this.text.slice(start, this.pos)) as string;
        } catch {
          return this.fail('a string holds a raw control character or a bad escape', start);
        }
      } else if (c === '\n') break;
      else this.pos++;
    }
    return this.fail('a string is not closed with "', start);
  }

  object(): JsonObjectNode {
    const start = this.pos++;
    const members: JsonMember[] = [];
    this.skipSpace();
    if (this.text[this.pos] === '}') return { kind: 'object', start, end: ++this.pos, members };
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') {
        const trailingComma = members.length > 0 && this.text[this.pos] === '}';
        this.fail(trailingComma ? 'a comma before "}" (JSON allows no trailing comma)' : `expected a quoted key but ${this.describeHere()}`);
      }
      const keyStart = this.pos;
      const key = this.string();
      const keyEnd = this.pos;
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail(`expected ":" after the key "${key}"`);
      this.pos++;
      members.push({ key, keyStart, keyEnd, value: this.value() });
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') return { kind: 'object', start, end: ++this.pos, members };
      this.fail(`expected "," or "}" after a value but ${this.describeHere()}`);
    }
  }

  array(): JsonArrayNode {
    const start = this.pos++;
    const items: JsonNode[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') return { kind: 'array', start, end: ++this.pos, items };
    for (;;) {
      this.skipSpace();
      if (items.length > 0 && this.text[this.pos] === ']') this.fail('a comma before "]" (JSON allows no trailing comma)');
      items.push(this.value());
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ']') return { kind: 'array', start, end: ++this.pos, items };
      this.fail(`expected "," or "]" after a value but ${this.describeHere()}`);
    }
  }
}

/** Parses a whole JSON document; throws JsonSyntaxError. */
export function parseJsonSyntax(text: string): JsonNode {
  const scanner = new Scanner(text);
  const root = scanner.value();
  scanner.skipSpace();
  if (scanner.pos < text.length) scanner.fail('unexpected text after the end of the JSON value');
  return root;
}
