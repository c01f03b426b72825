/** "a, b,,c" -> ["a","b","c"]: how the UI reads comma- or newline-separated lists. */
export function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** "pattern=model" lines -> a model map; lines without "=" are ignored. */
export function parseModelMap(text: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const pattern = line.slice(0, at).trim();
    const model = line.slice(at + 1).trim();
    if (pattern && model) map[pattern] = model;
  }
  return map;
}

export function formatModelMap(map: Record<string, string>): string {
  return Object.entries(map)
    .map(([pattern, model]) => `${pattern}=${model}`)
    .join('\n');
}

/** The list with the item at `from` moved to `to` (both clamped): drag and drop and the arrow buttons share it. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  if (from < 0 || from >= next.length) return next;
  const [item] = next.splice(from, 1);
  next.splice(Math.max(0, Math.min(to, next.length)), 0, item);
  return next;
}
