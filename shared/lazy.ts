// Schemas built on first use. Building every zod schema at load was a large part of a CLI command's
// start-up (about 10 ms of status), and most commands use few of the contract's channels.

/** A value built on first use, then kept. */
export function lazily<T>(build: () => T): () => T {
  let built = false;
  let value: T;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value;
  };
}

type LazySpecs<S> = Record<string, (shared: S) => unknown>;
export type BuiltChannels<T> = { readonly [K in keyof T]: T[K] extends (shared: never) => infer R ? R : never };

/**
 * Channels whose schemas are built on first look-up, from a group's shared schemas (themselves
 * built once, on the first look-up of any of its channels). The names are there from the start:
 * listing and checking channel names builds nothing.
 */
export function lazyChannels<S, T extends LazySpecs<S>>(shared: () => S, specs: T): BuiltChannels<T> {
  const channels = {};
  for (const [name, spec] of Object.entries(specs)) {
    const built = lazily(() => spec(shared()));
    Object.defineProperty(channels, name, { enumerable: true, get: built });
  }
  return channels as BuiltChannels<T>;
}

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** One object with every group's channels, without reading them (a spread would build them all). */
export function joinChannels<G extends object[]>(...groups: G): Intersection<G[number]> {
  const joined = {};
  for (const group of groups) Object.defineProperties(joined, Object.getOwnPropertyDescriptors(group));
  return joined as Intersection<G[number]>;
}

/**
 * A schema built on first use that can be referenced, composed and typed as the schema itself
 * from the start: every property look-up goes to the built schema. Building zod schemas is
 * cold, interpreted code at a command's start (about 0.1 ms each), and a command needs few.
 */
export function lazySchema<T extends object>(build: () => T): T {
  const value = lazily(build);
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(value(), key),
    has: (_, key) => Reflect.has(value(), key),
    set: (_, key, v) => Reflect.set(value(), key, v),
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(value(), key, descriptor),
    ownKeys: () => Reflect.ownKeys(value()),
    // Reported configurable: the proxy's own (empty) target may not be reported otherwise.
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(value(), key);
      return d && { ...d, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(value()),
  });
}
