import { describe, expect, it } from 'vitest';
import { initialToolProvider } from '../../../renderer/lib/toolProvider';

const providers = [{ name: 'alpha' }, { name: 'beta' }, { name: 'gamma' }];

describe("a tool card's first provider", () => {
  it('is the one answering the tool now', () => {
    expect(initialToolProvider({ provider: 'gamma', route: ['beta'] }, providers)).toBe('gamma');
  });

  it("is the head of the tool's route when nothing was applied yet, not the first provider listed", () => {
    expect(initialToolProvider({ provider: null, route: ['beta', 'gamma'] }, providers)).toBe('beta');
  });

  it('is the first provider when the tool has no route, and none when there are no providers', () => {
    expect(initialToolProvider({ provider: null, route: [] }, providers)).toBe('alpha');
    expect(initialToolProvider({ provider: null, route: [] }, [])).toBe('');
  });
});
