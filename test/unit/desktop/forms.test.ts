import { describe, expect, it } from 'vitest';
import { formatOutputLimits, parseOutputLimits, parsePort, parseRatio, parseSecondsToMs, parseStatusList, parseThreshold, parseUsd, splitLines } from '../../../renderer/lib/forms';

describe('form readers', () => {
  it('reads retry status codes separated by commas, spaces or lines, once each', () => {
    expect(parseStatusList('')).toEqual({ statuses: [], invalid: [] });
    expect(parseStatusList(' 529, 409 ,529\n400;599 ')).toEqual({ statuses: [529, 409, 400, 599], invalid: [] });
  });

  it('names every status code it cannot use', () => {
    expect(parseStatusList('529, 399, 600, 42x, 4290, 4.29e2')).toEqual({ statuses: [529], invalid: ['399', '600', '42x', '4290', '4.29e2'] });
    expect(parseStatusList('200').invalid).toEqual(['200']);
  });

  it('reads error texts one per line, trimmed, without blanks or repeats', () => {
    expect(splitLines(' overloaded \n\nOverloaded\noverloaded\n  try again later ')).toEqual(['overloaded', 'Overloaded', 'try again later']);
    expect(splitLines('')).toEqual([]);
  });

  it('reads a group ratio above 0, and refuses a blank one rather than reading it as 0', () => {
    expect(parseRatio(' 0.125 ')).toBe(0.125);
    expect(parseRatio('2')).toBe(2);
    expect(parseRatio('1.')).toBe(1);
    for (const text of ['', '  ', '0', '0.0', '-1', '1,5', '1e3', 'abc']) expect(parseRatio(text), text).toBeNull();
  });

  it('reads a port and a timeout in seconds, refusing a blank field rather than reading it as 0', () => {
    expect(parsePort(' 17170 ')).toBe(17170);
    for (const text of ['', '0', '65536', '80.5', '-1', '8o']) expect(parsePort(text), text).toBeNull();
    expect(parseSecondsToMs('120')).toBe(120_000);
    expect(parseSecondsToMs(' 0.1 ')).toBe(100);
    expect(parseSecondsToMs('2.5')).toBe(2500);
    for (const text of ['', '0', '0.05', '-3', '1,5', 'ten']) expect(parseSecondsToMs(text), text).toBeNull();
  });

  it('reads MODEL=TOKENS lines, and round-trips them', () => {
    const { limits, invalid } = parseOutputLimits(' gpt-5.4 = 32000 \n\nclaude-sonnet-4-5=64,000\ndeepseek-chat=8_192');
    expect(invalid).toEqual([]);
    expect(limits).toEqual({ 'gpt-5.4': 32000, 'claude-sonnet-4-5': 64000, 'deepseek-chat': 8192 });
    expect(parseOutputLimits(formatOutputLimits(limits))).toEqual({ limits, invalid: [] });
    expect(parseOutputLimits('')).toEqual({ limits: {}, invalid: [] });
  });

  it('names the output-limit lines it cannot use', () => {
    const { limits, invalid } = parseOutputLimits('gpt-5.4=32000\ngpt-5.4-mini\n=4000\nm=0\nm=-5\nm=1.5\nm=lots\nm=');
    expect(limits).toEqual({ 'gpt-5.4': 32000 });
    expect(invalid).toEqual(['gpt-5.4-mini', '=4000', 'm=0', 'm=-5', 'm=1.5', 'm=lots', 'm=']);
  });

  it('reads a price in USD, blank as none and anything else as invalid', () => {
    expect(parseUsd('1.25')).toBe(1.25);
    expect(parseUsd(' $0.125 ')).toBe(0.125);
    expect(parseUsd('.5')).toBe(0.5);
    expect(parseUsd('0')).toBe(0);
    expect(parseUsd('10.')).toBe(10);
    expect(parseUsd('  ')).toBeUndefined();
    for (const bad of ['-1', 'abc', '1,25', '1e3', '1.2.3', 'NaN', 'Infinity']) expect(parseUsd(bad), bad).toBeNull();
  });

  it('reads a low-balance warning of 0 or more, blank as none and anything else as invalid', () => {
    expect(parseThreshold(' 50 ')).toBe(50);
    expect(parseThreshold('2.5')).toBe(2.5);
    expect(parseThreshold('0')).toBe(0);
    expect(parseThreshold(' ')).toBeUndefined();
    for (const bad of ['-5', 'off', '1,000', '$10', '1e3']) expect(parseThreshold(bad), bad).toBeNull();
  });
});
