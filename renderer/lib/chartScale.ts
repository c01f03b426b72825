/** The smallest "round" number (1, 2, 2.5, 5 x 10^n) at or above value, so axis labels read well. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

/** Evenly spaced axis values from 0 to max, both included. */
export function ticksOf(max: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (max * i) / count);
}

export const SERIES_COUNT = 8;

/** Stable colour slot per series name, so a model keeps its colour across charts. */
export function seriesSlot(name: string, order: readonly string[]): number {
  const i = order.indexOf(name);
  return (i < 0 ? order.length : i) % SERIES_COUNT;
}
