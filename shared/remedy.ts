import type { ToolClient } from './schemas';

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
  | { kind: 'sign_in'; credential: 'password' | 'access_token' | 'key' | 'otp'; cliCommand: string };
