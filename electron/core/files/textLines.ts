/** Line-oriented helpers shared by the format editors, which splice text instead of re-serialising it. */

export type Eol = '\n' | '\r\n';

/** The line ending a file already uses, so inserted lines match it. */
export function detectEol(text: string): Eol {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Maps between offsets and 1-based lines. */
export class LineIndex {
  readonly #starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.#starts.push(i + 1);
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.#starts[Math.min(Math.max(line, 1), this.#starts.length) - 1];
  }

  /** Offset just past the line's newline (or the end of the text on the last line). */
  lineEndWithBreak(line: number): number {
    return line < this.#starts.length ? this.#starts[line] : this.text.length;
  }

  /** 1-based line and column of an offset. */
  positionOf(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.#starts[lo] + 1 };
  }

  /** The whitespace that starts the line holding `offset`. */
  indentAt(offset: number): string {
    const start = this.lineStart(this.positionOf(offset).line);
    return /^[ \t]*/.exec(this.text.slice(start))![0];
  }
}

/** Replaces text[start, end) with `insert`. */
export function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

/** The text ends with a line break (or is empty), so the next insertion can start a fresh line. */
export function endsWithBreak(text: string): boolean {
  return text === '' || text.endsWith('\n');
}
