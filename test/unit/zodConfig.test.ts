import { describe, expect, it } from 'vitest';
import * as z from '../../shared/z';

describe('the z every contract schema is built with', () => {
  it('parses nested objects, arrays and records as zod does', () => {
    const node = z.object({ name: z.string(), tags: z.array(z.string()), meta: z.record(z.string(), z.number()), next: z.unknown() });
    const value = { name: 'a', tags: ['x'], meta: { n: 1 }, next: { name: 'b' } };
    expect(node.parse(value)).toEqual(value);
    expect(node.safeParse({ ...value, tags: [1] }).success).toBe(false);
  });

  it('has no cycle support, so no schema is walked on its first parse: a value that contains itself is not followed', () => {
    // The contract's schemas are not recursive; this one is, only to show what zod's default memoizer (which parses such a value) would do.
    const tree = z.object({
      name: z.string(),
      get child(): z.ZodOptional<typeof tree> {
        return z.optional(tree);
      },
    });
    expect(tree.parse({ name: 'a', child: { name: 'b' } })).toEqual({ name: 'a', child: { name: 'b' } });
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.child = cyclic;
    expect(() => tree.parse(cyclic)).toThrow(RangeError);
  });
});
