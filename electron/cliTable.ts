/**
 * Code point ranges a terminal draws two columns wide: Unicode's East Asian Wide and Fullwidth
 * characters (Hangul, CJK, kana, fullwidth forms) and the pictographic emoji blocks.
 */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2329, 0x232a],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1b000, 0x1b2ff],
  [0x1f200, 0x1f2ff],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

/** Combining marks and invisible format characters (zero-width joiner, variation selectors) take no column. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;

const isWide = (codePoint: number) => WIDE_RANGES.some(([from, to]) => codePoint >= from && codePoint <= to);

/**
 * Printable ASCII, one column a character: most cells. Measured with one test instead of a regular
 * expression per character, which cost every command's start a few milliseconds (the help's settings
 * table is laid out when the CLI loads).
 */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** How many terminal columns text takes: 2 for a wide character such as 默, 0 for a combining mark, 1 otherwise. */
export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  for (const char of text) width += ZERO_WIDTH.test(char) ? 0 : isWide(char.codePointAt(0)!) ? 2 : 1;
  return width;
}

/** Prints rows as aligned columns, measured in terminal columns so Chinese text lines up too. */
export function table(rows: string[][]): string {
  if (!rows.length) return '';
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i] ?? ''))));
  const pad = (cell: string, width: number) => cell + ' '.repeat(width - displayWidth(cell));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : pad(cell, widths[i]))).join('  ')).join('\n');
}
