import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CHANNELS, contract, isChannel } from '../../shared/contract';
import { joinChannels, lazily, lazyChannels } from '../../shared/lazy';

describe('channels whose schemas are built on first use', () => {
  it('builds a group only when one of its channels is looked up, and each thing once', () => {
    const built: string[] = [];
    const shared = lazily(() => {
      built.push('shared');
      return { name: z.string() };
    });
    const group = lazyChannels(shared, {
      'g.one': ({ name }) => {
        built.push('g.one');
        return { input: z.object({ name }), output: z.string() };
      },
      'g.two': () => {
        built.push('g.two');
        return { input: z.object({}), output: z.number() };
      },
    });
    const joined = joinChannels({ 'base.x': { input: z.object({}), output: z.boolean() } }, group);
    expect(Object.keys(joined)).toEqual(['base.x', 'g.one', 'g.two']);
    expect(Object.prototype.hasOwnProperty.call(joined, 'g.two')).toBe(true);
    expect(built).toEqual([]);

    expect(joined['g.one'].input.parse({ name: 'a' })).toEqual({ name: 'a' });
    expect(joined['g.one']).toBe(group['g.one']);
    expect(built).toEqual(['shared', 'g.one']);
    joined['g.two'].output.parse(1);
    expect(built).toEqual(['shared', 'g.one', 'g.two']);
  });

  it('the contract lists and checks every channel of the lazy groups by name', () => {
    for (const name of ['usage.summary', 'settings.set', 'accounts.keys.use', 'audit.run', 'providers.import', 'clients.status']) {
      expect(isChannel(name)).toBe(true);
      expect(CHANNELS).toContain(name);
    }
    expect(contract['settings.set'].input.parse({ proxyPort: 18000 })).toEqual({ proxyPort: 18000 });
    expect(() => contract['settings.set'].input.parse({ proxyPort: 0 })).toThrow();
  });
});
