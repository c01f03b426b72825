import type { KeyVault } from '../../electron/core/secrets/keyVault';

/** A keychain that works, kept in memory: what the OS keychain is on a desktop with one. */
export function memoryKeychain(): KeyVault & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    read: (name) => entries.get(name) ?? null,
    write: (name, value) => void entries.set(name, value),
  };
}

/** A keychain that cannot be reached, as @napi-rs/keyring behaves without a Secret Service. */
export function unreachableKeychain(): KeyVault {
  const refuse = (): never => {
    throw new Error("Couldn't access platform storage");
  };
  return { read: () => null, write: refuse };
}
