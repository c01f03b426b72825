import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveLinks, writeFileAtomic } from '../../../electron/core/files/atomicWrite';

describe('resolveLinks: the file the OS would open', () => {
  let root: string;
  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sb-links-')));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const at = (...parts: string[]) => path.join(root, ...parts);

  it('follows a chain of relative links through symlinked folders, each against its real folder', () => {
    fs.mkdirSync(at('data', 'tool'), { recursive: true });
    fs.mkdirSync(at('repo', 'deep', 'er'), { recursive: true });
    fs.writeFileSync(at('repo', 'deep', 'settings.json'), '{}');
    fs.symlinkSync(path.join('data', 'tool'), at('tool'));
    fs.symlinkSync(path.join('..', '..', 'repo', 'deep', 'er'), at('data', 'tool', 'nested'));
    // `nested/..` is the real folder above the link's target, not data/tool (Node's own realpathSync gets this wrong).
    fs.symlinkSync(['nested', '..', 'hop.json'].join(path.sep), at('data', 'tool', 'settings.json'));
    fs.symlinkSync('settings.json', at('repo', 'deep', 'hop.json'));
    const file = at('tool', 'settings.json');
    expect(resolveLinks(file)).toBe(fs.realpathSync.native(file));
    expect(resolveLinks(file)).toBe(at('repo', 'deep', 'settings.json'));
  });

  it('leads a dangling link inside a symlinked folder to where the OS would create the file', () => {
    fs.mkdirSync(at('data', 'tool'), { recursive: true });
    fs.symlinkSync(path.join('data', 'tool'), at('tool'));
    fs.symlinkSync(path.join('..', 'dotfiles', 'config.toml'), at('data', 'tool', 'config.toml'));
    const file = at('tool', 'config.toml');
    expect(resolveLinks(file)).toBe(at('data', 'dotfiles', 'config.toml'));
    writeFileAtomic(file, 'model = "m"\n');
    expect(fs.lstatSync(at('data', 'tool', 'config.toml')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(at('data', 'dotfiles', 'config.toml'), 'utf8')).toBe('model = "m"\n');
    expect(fs.realpathSync.native(file)).toBe(at('data', 'dotfiles', 'config.toml'));
  });

  it('refuses a loop of links with a sentence instead of spinning', () => {
    fs.symlinkSync('b', at('a'));
    fs.symlinkSync('a', at('b'));
    expect(() => resolveLinks(at('a'))).toThrow(/is a chain of more than 40 symbolic links; point it at a real file/);
  });
});
