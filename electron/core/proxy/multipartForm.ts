/**
 * Just enough of multipart/form-data (RFC 7578) to read and rewrite a short text field such as
 * `model` in an upload that is otherwise passed on byte for byte. Parts are found by their
 * delimiters alone: a file part's content is never decoded, searched or copied into objects.
 * Line breaks are CRLF as the RFC says; a bare LF (some hand-written clients) is accepted too.
 */

/** The boundary of a multipart/form-data content type, or null when it is not one or names none. */
export function multipartBoundary(contentType: string): string | null {
  if (!/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return null;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2] ?? null;
}

interface PartSpan {
  /** The `name` of its Content-Disposition, or null when it has none. */
  name: string | null;
  isFile: boolean;
  /** Where its content starts and ends in the body (the line break before the next delimiter excluded). */
  start: number;
  end: number;
}

const CRLF = Buffer.from('\r\n');

/** Where a delimiter line starts: at the very beginning of the body, or right after a line break. */
function nextDelimiter(body: Buffer, delimiter: Buffer, from: number): number {
  for (let at = body.indexOf(delimiter, from); at !== -1; at = body.indexOf(delimiter, at + 1)) {
    if (at === 0 || body[at - 1] === 0x0a) return at;
  }
  return -1;
}

/** Where a part's content starts: after the empty line that ends its headers. */
function contentStartOf(body: Buffer, headersStart: number): number {
  for (let line = headersStart; line < body.length; ) {
    if (body[line] === 0x0a) return line + 1;
    if (body[line] === 0x0d && body[line + 1] === 0x0a) return line + 2;
    const lf = body.indexOf(0x0a, line);
    if (lf === -1) return -1;
    line = lf + 1;
  }
  return -1;
}

/** The name (and whether it carries a file) from a part's Content-Disposition; quoted values may hold ';'. */
function dispositionOf(headers: string): { name: string | null; isFile: boolean } {
  const line = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? '';
  const params = new Map<string, string>();
  for (const m of line.matchAll(/;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g)) {
    const key = m[1].toLowerCase();
    if (!params.has(key)) params.set(key, m[2] ?? m[3]);
  }
  return { name: params.get('name') ?? null, isFile: params.has('filename') || params.has('filename*') };
}

/** The parts of a body in order, each located but not read; stops at the closing delimiter. */
function* partsOf(body: Buffer, boundary: string): Generator<PartSpan> {
  const delimiter = Buffer.from(`--${boundary}`);
  let at = nextDelimiter(body, delimiter, 0);
  while (at !== -1) {
    const afterDelimiter = at + delimiter.length;
    if (body[afterDelimiter] === 0x2d && body[afterDelimiter + 1] === 0x2d) return; // "--": the closing delimiter
    const headersStart = body.indexOf(0x0a, afterDelimiter) + 1;
    if (headersStart === 0) return;
    const contentStart = contentStartOf(body, headersStart);
    if (contentStart === -1) return;
    const next = nextDelimiter(body, delimiter, contentStart);
    if (next === -1) return;
    const lineBreak = body.subarray(next - 2, next).equals(CRLF) ? 2 : 1;
    yield { ...dispositionOf(body.toString('latin1', headersStart, contentStart)), start: contentStart, end: next - lineBreak };
    at = next;
  }
}

function textField(body: Buffer, boundary: string, name: string): PartSpan | undefined {
  for (const part of partsOf(body, boundary)) if (part.name === name && !part.isFile) return part;
  return undefined;
}

/** The value of a form's first text field called `name`, or undefined when it has none. */
export function multipartField(body: Buffer, boundary: string, name: string): string | undefined {
  const part = textField(body, boundary, name);
  return part ? body.toString('utf8', part.start, part.end) : undefined;
}

/**
 * The body with the first text field called `name` set to `value`, every other byte as it was.
 * A body without that field comes back unchanged (the same Buffer): a field is rewritten, never invented.
 */
export function replaceMultipartField(body: Buffer, boundary: string, name: string, value: string): Buffer {
  const part = textField(body, boundary, name);
  if (!part) return body;
  return Buffer.concat([body.subarray(0, part.start), Buffer.from(value, 'utf8'), body.subarray(part.end)]);
}
