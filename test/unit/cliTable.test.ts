import { describe, expect, it } from 'vitest';
import { displayWidth, table } from '../../electron/cliTable';

describe('table', () => {
  it('lines columns up by the width a terminal draws, Chinese characters taking two columns', () => {
    const lines = table([
      ['GROUP', 'RATIO', 'DESCRIPTION'],
      ['默认分组', '1', '默认'],
      ['vip', '0.8', 'VIP 用户'],
    ]).split('\n');
    expect(lines).toEqual(['GROUP     RATIO  DESCRIPTION', '默认分组  1      默认', 'vip       0.8    VIP 用户']);
    // The second column starts at the same terminal column on every line.
    expect(lines.map((line, i) => displayWidth(line.slice(0, line.indexOf(['RATIO', '1', '0.8'][i]))))).toEqual([10, 10, 10]);
  });

  it('counts wide and fullwidth characters as two columns and combining marks as none', () => {
    expect(displayWidth('默认分组')).toBe(8);
    expect(displayWidth('ＡＢ')).toBe(4);
    expect(displayWidth('カナ')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('plain')).toBe(5);
  });
});
