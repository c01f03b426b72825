/**
 * Somewhere outside the data folder that can keep the data key: the OS keychain in the apps,
 * an in-memory fake in tests. Both methods throw when the vault cannot be reached.
 */
export interface KeyVault {
  /** The value stored under this name, or null when there is none. */
  read(name: string): string | null;
  write(name: string, value: string): void;
}
