import { describe, expect, it } from 'vitest';
import { jsonBytes } from '../../../electron/core/proxy/jsonBytes';
import { convertRequest } from '../../../electron/core/proxy/protocols';
import { claudeCodeRequest } from '../../../bench/claudeCodeRequest';

const PIECEWISE = 1 << 20;
const same = (value: Record<string, unknown>) => expect(jsonBytes(value, PIECEWISE).toString('utf8')).toBe(JSON.stringify(value));

describe('request bodies encoded piece by piece', () => {
  it('writes exactly what JSON.stringify writes for a Claude Code turn converted to Chat, with and without non-ASCII text', () => {
    const turn = claudeCodeRequest('model') as Record<string, unknown>;
    const body = convertRequest('anthropic', 'chat', turn);
    expect(JSON.stringify(body)).toMatch(/[^\x00-\x7f]/);
    expect(jsonBytes(body, PIECEWISE).equals(Buffer.from(JSON.stringify(body)))).toBe(true);
    const ascii = convertRequest('anthropic', 'chat', JSON.parse(JSON.stringify(turn).replace(/[^\x00-\x7f]/g, '?')));
    expect(jsonBytes(ascii, PIECEWISE).equals(Buffer.from(JSON.stringify(ascii)))).toBe(true);
  });

  it('leaves out what JSON.stringify leaves out, and writes null where it does', () => {
    same({ a: undefined, b: () => 1, c: Symbol('x'), d: 1 });
    same({ items: [undefined, () => 1, Symbol('x'), NaN, Infinity, null, 0, ''] });
    same({ only: undefined });
    same({});
    same({ empty: [], nested: [[1, [2]], { x: [undefined] }] });
  });

  it('keeps toJSON and text that needs escaping or surrogate pairs', () => {
    same({ when: new Date(0), list: Object.assign([1, 2], { toJSON: () => 'list' }) });
    same({ messages: [{ content: '中文 → 😀 "quoted" \\ \u2028 \ud800 tab\t' }] });
    const withToJson = { toJSON: () => ({ replaced: true }) } as unknown as Record<string, unknown>;
    expect(jsonBytes(withToJson, PIECEWISE).toString()).toBe('{"replaced":true}');
  });

  it('encodes a small body in one piece, as JSON.stringify does', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'héllo' }] };
    expect(jsonBytes(body, 10).equals(Buffer.from(JSON.stringify(body)))).toBe(true);
  });
});
