import type { Remedy } from '../../shared/remedy';

/**
 * Errors are values with a stable code and one sentence a person can act on.
 * Each edge (CLI, RPC, proxy) maps them once to its own shape.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'already_exists'
  | 'config_unparsable'
  | 'config_unwritable'
  | 'key_rejected'
  | 'gateway_unreachable'
  | 'gateway_error'
  | 'unauthorized'
  | 'forbidden'
  | 'conflict'
  | 'internal';

export class SwitchboardError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  /** The way out, said by each edge in its own terms (the message states only the problem). */
  readonly remedy?: Remedy;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, remedy?: Remedy) {
    super(message);
    this.name = 'SwitchboardError';
    this.code = code;
    this.details = details;
    this.remedy = remedy;
  }
}

export function fail(code: ErrorCode, message: string, remedy?: Remedy): never {
  throw new SwitchboardError(code, message, undefined, remedy);
}

/** Turns anything thrown into a SwitchboardError without leaking stack traces to users. */
export function toSwitchboardError(err: unknown): SwitchboardError {
  if (err instanceof SwitchboardError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new SwitchboardError('internal', `Unexpected error: ${message}`);
}

/** HTTP status used when an error crosses the RPC edge. */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'invalid_input':
    case 'config_unparsable':
      return 400;
    case 'unauthorized':
    case 'key_rejected':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'already_exists':
    case 'conflict':
      return 409;
    case 'gateway_unreachable':
    case 'gateway_error':
      return 502;
    default:
      return 500;
  }
}
