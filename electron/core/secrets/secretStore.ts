/**
 * Seals secrets (gateway keys, local tokens, console credentials) before they reach the database.
 * The CLI/headless implementation uses a key file; Electron's uses safeStorage (electron/platform).
 */
export interface SecretStore {
  /** Short name shown in diagnostics, never the key material. */
  readonly kind: string;
  seal(plaintext: string): string;
  open(sealed: string): string;
}
