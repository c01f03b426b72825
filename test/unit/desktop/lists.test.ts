import { describe, expect, it } from 'vitest';
import { formatModelMap, moveItem, parseModelMap, splitList } from '../../../renderer/lib/lists';
import { columnsOf } from '../../../renderer/lib/usageCharts';
import { niceCeiling, ticksOf } from '../../../renderer/lib/chartScale';

describe('UI helpers', () => {
  it('moves a hop up, down and by drop, clamped to the list', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b'], 1, 9)).toEqual(['a', 'b']);
    expect(moveItem(['a', 'b'], 5, 0)).toEqual(['a', 'b']);
  });

  it('reads lists and model maps as typed', () => {
    expect(splitList(' a, b,,\nc ')).toEqual(['a', 'b', 'c']);
    const map = parseModelMap('claude-sonnet-*=gpt-5.4\nbroken\n =x\nclaude-haiku-*= gpt-5.4-mini');
    expect(map).toEqual({ 'claude-sonnet-*': 'gpt-5.4', 'claude-haiku-*': 'gpt-5.4-mini' });
    expect(parseModelMap(formatModelMap(map))).toEqual(map);
  });

  it('stacks a day\u2019s rows by series, largest series first', () => {
    const row = (bucket: string, key: string, costUsd: number) => ({ bucket, key, costUsd, inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 });
    const { columns, series } = columnsOf([row('2026-01-02', 'a', 1), row('2026-01-01', 'b', 5), row('2026-01-02', 'b', 1)], 'cost');
    expect(series).toEqual(['b', 'a']);
    expect(columns.map((c) => c.label)).toEqual(['01-01', '01-02']);
    expect(columns[1].parts.map((p) => p.series)).toEqual(['b', 'a']);
  });

  it('rounds axis maxima up to readable numbers', () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(0.00026)).toBeCloseTo(0.0005);
    expect(niceCeiling(7)).toBe(10);
    expect(niceCeiling(180)).toBe(200);
  });

  it('steps an axis in round numbers for every ceiling niceCeiling gives', () => {
    const steps = (max: number) => ticksOf(max).map((t) => +t.toPrecision(6));
    expect(steps(0.00025)).toEqual([0, 0.00005, 0.0001, 0.00015, 0.0002, 0.00025]);
    expect(steps(1)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(steps(200)).toEqual([0, 50, 100, 150, 200]);
    expect(steps(5)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(steps(10)).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(steps(3)).toEqual([0, 0.75, 1.5, 2.25, 3]);
  });
});
