import type { ToolClient } from './schemas';

/**
 * Whose address a gateway call went to, which says where that address is set: a provider's base
 * URL, the address an account is being added with, or a saved account's.
 */
export interface AddressOf {
  of: 'provider' | 'new_account' | 'account';
  /** The provider's or the account's name. */
  name: string;
}

/**
 * The credential the place an address was typed takes apart from it: the key of a provider or a
 * key-only account being added, the new key of a provider being edited, a console's password or access token.
 */
export type AddressCredential = 'key' | 'new_key' | 'password' | 'access_token';

/**
 * What the person can do about an error, as a value: the core states the problem, and each edge
 * (the CLI, the window) says the way out in its own terms, flags on the command line and
 * controls in the window.
 */
export type Remedy =
  /** The tool's protocol is not spoken by the provider: go through the local proxy, which converts. */
  | { kind: 'proxy_mode'; client: ToolClient; provider: string }
  /** The gateway rejected the provider's key: fix the key, or (CLI) switch without the check. */
  | { kind: 'fix_key'; provider: string }
  /**
   * A gateway refused an account's credential, or wants a two-factor code: give it again.
   * `cliCommand` is the command that does so (the window points at its Add-account form instead).
   */
  | { kind: 'sign_in'; credential: 'password' | 'access_token' | 'key' | 'otp'; cliCommand: string }
  /** An address carried a user name or password: the credential goes where this place takes it. */
  | { kind: 'credential_apart'; credential: AddressCredential }
  /** A gateway did not answer: check its address, where it is set, and the network. */
  | ({ kind: 'check_address' } & AddressOf)
  /** An access token was given without the user id it belongs to (the console shows it beside the token). */
  | { kind: 'give_user_id' }
  /** A gateway publishes no price list Switchboard can read: the prices are set by hand. */
  | { kind: 'set_prices_by_hand' };
