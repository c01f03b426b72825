import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isTrustedSender, navigationVerdict } from '../../../electron/windowPolicy';

const RENDERER = path.resolve('/opt/switchboard/resources/app/dist/renderer');
const index = pathToFileURL(path.join(RENDERER, 'index.html')).href;

describe('the window policy', () => {
  it('keeps navigation inside the app folder, sends https out to the browser, refuses the rest', () => {
    expect(navigationVerdict(`${index}#/usage`, RENDERER)).toBe('app');
    expect(navigationVerdict('https://openrouter.ai/keys', RENDERER)).toBe('external');
    expect(navigationVerdict('http://example.com', RENDERER)).toBe('deny');
    expect(navigationVerdict(pathToFileURL('/etc/passwd').href, RENDERER)).toBe('deny');
    expect(navigationVerdict(pathToFileURL(`${RENDERER}-evil/index.html`).href, RENDERER)).toBe('deny');
    expect(navigationVerdict('javascript:alert(1)', RENDERER)).toBe('deny');
  });

  it('trusts IPC only from a frame showing the app', () => {
    expect(isTrustedSender(index, RENDERER)).toBe(true);
    expect(isTrustedSender('https://example.com', RENDERER)).toBe(false);
    expect(isTrustedSender(undefined, RENDERER)).toBe(false);
  });
});
