import { expect } from 'vitest';

/**
 * Every line of `before` except the `owned` ones is still in `after`, in the same order: the edit
 * changed nothing it does not own.
 */
export function expectLinesKeptInOrder(before: string, after: string, owned: readonly string[] = []): void {
  const kept = before.split(/\r?\n/).filter((line) => !owned.includes(line));
  const afterLines = after.split(/\r?\n/);
  let at = 0;
  const missing: string[] = [];
  for (const line of kept) {
    const found = afterLines.indexOf(line, at);
    if (found === -1) missing.push(line);
    else at = found + 1;
  }
  expect(missing, `lines lost or moved:\n${after}`).toEqual([]);
  for (const line of owned) expect(afterLines, `owned line still present: ${line}`).not.toContain(line);
}
