/** The smallest "round" number (1, 2, 2.5, 5 x 10^n) at or above value, so axis labels read well. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

const ROUND_MANTISSAS = [1, 2, 2.5, 5];

/** True for 1, 2, 2.5 or 5 x 10^n, allowing for floating-point error. */
function isRound(value: number): boolean {
  const power = 10 ** Math.floor(Math.log10(value) + 1e-9);
  return ROUND_MANTISSAS.some((m) => Math.abs(value / power - m) < 1e-9);
}

/**
 * Evenly spaced axis values from 0 to max, both included: four or five steps, whichever makes each
 * step a round number, so a 0.00025 axis reads 0.00005, 0.0001, ... rather than 0.0000625, 0.000125.
 * A max from niceCeiling always has such a count; any other max gets four steps.
 */
export function ticksOf(max: number): number[] {
  const count = [4, 5].find((n) => isRound(max / n)) ?? 4;
  return Array.from({ length: count + 1 }, (_, i) => (max * i) / count);
}

export const SERIES_COUNT = 8;

/** Stable colour slot per series name, so a model keeps its colour across charts. */
export function seriesSlot(name: string, order: readonly string[]): number {
  const i = order.indexOf(name);
  return (i < 0 ? order.length : i) % SERIES_COUNT;
}
