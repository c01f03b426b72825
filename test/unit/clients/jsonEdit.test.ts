import { describe, expect, it } from 'vitest';
import { SwitchboardError } from '../../../electron/core/errors';
import { editJson, readJsonConfig } from '../../../electron/core/files/jsonEdit';

const FILE = '/cfg/settings.json';

function unparsable(text: string): SwitchboardError {
  try {
    editJson(text, FILE, [{ path: ['a'], value: 1 }]);
  } catch (err) {
    return err as SwitchboardError;
  }
  throw new Error('expected the edit to be refused');
}

describe('editJson', () => {
  it('creates a fresh two-space object for a missing or empty file', () => {
    const edits = [{ path: ['env', 'A'], value: 'x' }];
    expect(editJson(null, FILE, edits)).toBe('{\n  "env": {\n    "A": "x"\n  }\n}\n');
    expect(editJson('  \n', FILE, edits)).toBe('{\n  "env": {\n    "A": "x"\n  }\n}\n');
  });

  it('changes only the edited members, keeping four-space indentation and key order', () => {
    const before = '{\n    "z": [1,2,  3],\n    "env": {\n        "KEEP": "1",\n        "SET": "old"\n    },\n    "a": true\n}\n';
    const after = editJson(before, FILE, [
      { path: ['env', 'SET'], value: 'new' },
      { path: ['env', 'ADDED'], value: 'v' },
    ]);
    expect(after).toBe('{\n    "z": [1,2,  3],\n    "env": {\n        "KEEP": "1",\n        "SET": "new",\n        "ADDED": "v"\n    },\n    "a": true\n}\n');
  });

  it('adds a missing nested object with the file indentation (tabs, CRLF)', () => {
    const before = '{\r\n\t"model": "x"\r\n}';
    const after = editJson(before, FILE, [{ path: ['env', 'A'], value: 'b' }]);
    expect(after).toBe('{\r\n\t"model": "x",\r\n\t"env": {\r\n\t\t"A": "b"\r\n\t}\r\n}');
  });

  it('removes first, middle, last and only members cleanly', () => {
    const before = '{\n  "a": 1,\n  "b": 2,\n  "c": 3\n}\n';
    expect(editJson(before, FILE, [{ path: ['a'], value: undefined }])).toBe('{\n  "b": 2,\n  "c": 3\n}\n');
    expect(editJson(before, FILE, [{ path: ['b'], value: undefined }])).toBe('{\n  "a": 1,\n  "c": 3\n}\n');
    expect(editJson(before, FILE, [{ path: ['c'], value: undefined }])).toBe('{\n  "a": 1,\n  "b": 2\n}\n');
    expect(editJson('{"only": 1}', FILE, [{ path: ['only'], value: undefined }])).toBe('{}');
    expect(editJson(before, FILE, [{ path: ['missing', 'x'], value: undefined }])).toBe(before);
  });

  it('edits compact one-line objects in place', () => {
    expect(editJson('{"a":1,"env":{}}', FILE, [{ path: ['env', 'K'], value: 'v' }, { path: ['b'], value: false }])).toBe(
      '{"a":1,"env":{\n  "K":"v"\n}, "b":false}',
    );
  });

  it('replaces a non-object where an object is needed', () => {
    expect(readJsonConfig(editJson('{"env": null}', FILE, [{ path: ['env', 'K'], value: 'v' }]), FILE)).toEqual({ env: { K: 'v' } });
  });

  it('keeps a byte-order mark', () => {
    const after = editJson('\uFEFF{"a": 1}', FILE, [{ path: ['b'], value: 2 }]);
    expect(after).toBe('\uFEFF{"a": 1, "b": 2}');
  });

  it('names file, line, column and reason for invalid JSON', () => {
    const trailing = unparsable('{\n  "a": 1,\n}\n');
    expect(trailing.code).toBe('config_unparsable');
    expect(trailing.message).toBe(
      '/cfg/settings.json line 3, column 1: a comma before "}" (JSON allows no trailing comma); fix or remove the line, then try again. Nothing was changed.',
    );
    expect(unparsable('{\n  "a": 1\n  "b": 2\n}').message).toMatch(/^\/cfg\/settings\.json line 3, column 3: expected "," or "}" after a value but found "\\""/);
    expect(unparsable('{"a": tru}').message).toMatch(/line 1, column 7: expected a value/);
    expect(unparsable('{"a": "x\n"}').message).toMatch(/line 1, column 7: a string is not closed/);
    expect(unparsable('[1, 2]').message).toMatch(/line 1: the file must hold a JSON object/);
    expect(unparsable('{} {}').message).toMatch(/unexpected text after the end/);
  });

  it('masks a key quoted in the reason: a key pasted where a member should be', () => {
    const message = unparsable('{"env": {"sk-ant-api03-SECRETSECRET-0000"}}').message;
    expect(message).toBe('/cfg/settings.json line 1, column 42: expected ":" after the key "sk-…0000"; fix or remove the line, then try again. Nothing was changed.');
  });
});

describe('editJson removals', () => {
  it('leaves a same-named key alone when the parent of a removed key does not exist', () => {
    const before = '{\n  "ANTHROPIC_API_KEY": "top-level"\n}\n';
    expect(editJson(before, FILE, [{ path: ['env', 'ANTHROPIC_API_KEY'], value: undefined }])).toBe(before);
  });
});
