import { describe, expect, it } from 'vitest';
import { editEnv, readEnvFile } from '../../../electron/core/files/envEdit';

describe('.env editing', () => {
  const BEFORE = '# Hermes secrets\nOPENROUTER_API_KEY=sk-or-1\n\nexport SWITCHBOARD_API_KEY="old value" # note\nMULTI="line one\nline two"\nPLAIN=abc # comment\n';

  it('reads plain, exported, quoted, multi-line and commented values', () => {
    expect(Object.fromEntries(readEnvFile(BEFORE))).toEqual({
      OPENROUTER_API_KEY: 'sk-or-1',
      SWITCHBOARD_API_KEY: 'old value',
      MULTI: 'line one\nline two',
      PLAIN: 'abc',
    });
    expect(readEnvFile(null).size).toBe(0);
  });

  it('replaces a value in place, keeping its quotes, spacing and comment, and every other line', () => {
    const after = editEnv(BEFORE, [{ path: ['SWITCHBOARD_API_KEY'], value: 'sk-new-123' }]);
    expect(after).toBe('# Hermes secrets\nOPENROUTER_API_KEY=sk-or-1\n\nexport SWITCHBOARD_API_KEY="sk-new-123" # note\nMULTI="line one\nline two"\nPLAIN=abc # comment\n');
    expect(editEnv("K = 'old'   # mine\r\nL=x\r\n", [{ path: ['K'], value: 'new' }])).toBe("K = 'new'   # mine\r\nL=x\r\n");
    expect(editEnv('K=old # mine\n', [{ path: ['K'], value: 'it\'s' }])).toBe('K="it\'s" # mine\n');
    expect(editEnv("K='old'\n", [{ path: ['K'], value: 'it\'s' }])).toBe('K="it\'s"\n');
    expect(readEnvFile(editEnv('MULTI="a\nb" # c\n', [{ path: ['MULTI'], value: 'one' }]))).toEqual(new Map([['MULTI', 'one']]));
  });

  it('appends new variables, quoting values that need it, and removes all assignments of a name', () => {
    const after = editEnv('A=1', [{ path: ['B'], value: 'has space "and" quote' }, { path: ['A'], value: undefined }]);
    expect(after).toBe('B="has space \\"and\\" quote"\n');
    expect(readEnvFile(after).get('B')).toBe('has space "and" quote');
    expect(editEnv(null, [{ path: ['K'], value: 'v' }])).toBe('K=v\n');
    expect(editEnv('K=1\r\nK=2\r\n', [{ path: ['K'], value: '3' }])).toBe('K=3\r\nK=3\r\n');
  });
});
