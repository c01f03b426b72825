/**
 * The rows of a table the CLI printed (columns two or more spaces apart), each keyed by its
 * column's heading. Lines with another number of cells (a note under the table, such as
 * "Page 1 of 2 (83 calls).") are not rows.
 */
export function cliTableRows(stdout: string): Record<string, string>[] {
  const [head, ...lines] = stdout.trim().split('\n').map((line) => line.trim().split(/\s{2,}/));
  return lines.filter((cells) => cells.length === head.length).map((cells) => Object.fromEntries(head.map((column, i) => [column, cells[i]])));
}
