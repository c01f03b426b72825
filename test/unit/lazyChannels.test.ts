import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CHANNELS, contract, isChannel } from '../../shared/contract';
import { joinChannels, lazily, lazyChannels, lazySchema } from '../../shared/lazy';

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

describe('schemas built on first use', () => {
  it('builds nothing until used, then acts as the schema itself, composed or alone', () => {
    let builds = 0;
    const name = lazySchema(() => {
      builds++;
      return z.string().trim().min(1);
    });
    const point = lazySchema(() => z.object({ x: z.number(), label: name }));
    const points = z.array(point);
    expect(builds).toBe(0);

    expect(points.parse([{ x: 1, label: ' a ' }])).toEqual([{ x: 1, label: 'a' }]);
    expect(builds).toBe(1);
    expect(() => point.parse({ x: 1, label: ' ' })).toThrow();
    expect(point.shape.x).toBeInstanceOf(z.ZodNumber);
    expect(point).toBeInstanceOf(z.ZodObject);
    expect(point.extend({ y: z.number() }).parse({ x: 1, y: 2, label: 'b' })).toEqual({ x: 1, y: 2, label: 'b' });
    expect(Object.keys(point.shape)).toEqual(['x', 'label']);
    Object.defineProperty(point, 'note', { value: 'kept on the schema', configurable: true });
    expect((point as unknown as { note: string }).note).toBe('kept on the schema');
    expect(builds).toBe(1);
  });

  it('the contract builds a base channel only when it is looked up', () => {
    for (const name of ['app.info', 'proxy.probe', 'providers.add', 'providers.importScan']) {
      expect(Object.getOwnPropertyDescriptor(contract, name)?.get).toBeTypeOf('function');
    }
    expect(contract['proxy.probe'].output.parse({ port: 1, url: 'u', answering: true, elsewhere: null })).toEqual({ port: 1, url: 'u', answering: true, elsewhere: null });
    expect(() => contract['providers.add'].input.parse({ name: 'bad name', key: 'sk-x' })).toThrow(/letters, digits/);
  });
});
