/**
 * Seals secrets (gateway keys, local tokens, console credentials) before they reach the database.
 * The apps use the data folder's shared store (sharedSecrets.ts); tests may use a memory one.
 */
export interface SecretStore {
  /** Short name shown in diagnostics, never the key material. */
  readonly kind: string;
  seal(plaintext: string): string;
  open(sealed: string): string;
}
