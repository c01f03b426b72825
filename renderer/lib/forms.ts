/**
 * Pure readers of what the user typed into the retry-rule, output-limit, price, group-ratio, port,
 * timeout and low-balance fields. Each returns the values it understood plus the pieces it did not,
 * so the form can name them in a sentence and save nothing.
 */

/** "429, 520 529" -> [429, 520, 529]; anything that is not a whole number from 400 to 599 is invalid. */
export function parseStatusList(text: string): { statuses: number[]; invalid: string[] } {
  const statuses: number[] = [];
  const invalid: string[] = [];
  for (const part of text.split(/[\s,;]+/).filter(Boolean)) {
    const status = /^\d{3}$/.test(part) ? Number(part) : NaN;
    if (status >= 400 && status <= 599) {
      if (!statuses.includes(status)) statuses.push(status);
    } else invalid.push(part);
  }
  return { statuses, invalid };
}

/** One text per line, trimmed; blank lines and repeats are dropped. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  for (const line of text.split('\n').map((l) => l.trim())) if (line && !lines.includes(line)) lines.push(line);
  return lines;
}

/**
 * "MODEL=TOKENS" lines -> {model: tokens}. A line without a model, or whose tokens are not a whole
 * number above 0, is invalid (thousands separators such as 32,000 or 32_000 are accepted).
 */
export function parseOutputLimits(text: string): { limits: Record<string, number>; invalid: string[] } {
  const limits: Record<string, number> = {};
  const invalid: string[] = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (!line) continue;
    const at = line.lastIndexOf('=');
    const model = at > 0 ? line.slice(0, at).trim() : '';
    const digits = at > 0 ? line.slice(at + 1).trim().replace(/[,_\s]/g, '') : '';
    const tokens = /^\d+$/.test(digits) ? Number(digits) : NaN;
    if (model && Number.isSafeInteger(tokens) && tokens > 0) limits[model] = tokens;
    else invalid.push(line);
  }
  return { limits, invalid };
}

export function formatOutputLimits(limits: Record<string, number>): string {
  return Object.entries(limits)
    .map(([model, tokens]) => `${model}=${tokens}`)
    .join('\n');
}

/** A plain decimal number as typed: digits with at most one point, no sign, exponent or separators. */
const DECIMAL = /^\d*\.?\d+$|^\d+\.$/;

/** A port as typed: a whole number from 1 to 65535; anything else gives null. */
export function parsePort(text: string): number | null {
  const cleaned = text.trim();
  const port = /^\d{1,5}$/.test(cleaned) ? Number(cleaned) : NaN;
  return port >= 1 && port <= 65535 ? port : null;
}

/** A timeout in seconds as typed, to whole milliseconds: 0.1 s or more; anything else gives null. */
export function parseSecondsToMs(text: string): number | null {
  const cleaned = text.trim();
  if (!DECIMAL.test(cleaned)) return null;
  const ms = Math.round(Number(cleaned) * 1000);
  return ms >= 100 ? ms : null;
}

/** A price multiplier as typed: a number above 0; blank or anything else gives null. */
export function parseRatio(text: string): number | null {
  const cleaned = text.trim();
  if (!DECIMAL.test(cleaned)) return null;
  const value = Number(cleaned);
  return value > 0 ? value : null;
}

/**
 * A price in USD per million tokens as typed: a number of 0 or more ("$1.25" is read too); blank
 * gives undefined, anything else null (a comma is refused: "1,250" could mean either).
 */
export function parseUsd(text: string): number | undefined | null {
  return parseAmount(text.trim().replace(/^\$/, '').trim());
}

/**
 * A low-balance warning as typed: a number of 0 or more, in the balance's own unit; blank gives
 * undefined (no warning), anything else null.
 */
export function parseThreshold(text: string): number | undefined | null {
  return parseAmount(text.trim());
}

/** A trimmed amount of 0 or more in plain decimals; blank gives undefined, anything else null. */
function parseAmount(cleaned: string): number | undefined | null {
  if (!cleaned) return undefined;
  if (!DECIMAL.test(cleaned)) return null;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : null;
}
