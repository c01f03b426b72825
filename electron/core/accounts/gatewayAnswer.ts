// Turns a gateway's HTTP answer into its data, or into one sentence that names the gateway and
// says what to do. Shared by every account client so all of them fail the same way.
import { redactSecrets } from '../../../shared/mask';
import type { Remedy } from '../../../shared/remedy';
import { SwitchboardError, type ErrorCode } from '../errors';
import { gatewayErrorMessage, looksLikeHtml, type GatewayResponse } from '../gateway/http';

export interface AnswerContext {
  /** The account's name, used in every sentence. */
  label: string;
  /** The path asked, e.g. /api/user/self. */
  path: string;
  /** What a person should do when the gateway refuses the credential. */
  authRemedy: Remedy;
  /** The credentials the request carried: a gateway that quotes one in its error gets it masked. */
  secrets: readonly string[];
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function stop(code: ErrorCode, message: string, status?: number, remedy?: Remedy): never {
  throw new SwitchboardError(code, message, status === undefined ? undefined : { status }, remedy);
}

/** Gateway messages may end in a full stop or run long; keep them one clause. */
export function clause(message: string): string {
  return message.trim().replace(/[.。!！]+$/u, '').slice(0, 200);
}

/**
 * A status or body that is not a usable JSON answer; returns the parsed JSON otherwise. The address is
 * "the gateway's address": the sentence reaches the command line (--base-url) and the dashboard
 * (its "Console address" field) alike, so it names neither.
 */
export function jsonAnswer(res: GatewayResponse, ctx: AnswerContext): unknown {
  if (looksLikeHtml(res.text)) {
    stop(
      'gateway_error',
      `${ctx.label} answered ${ctx.path} with a web page instead of JSON (a login page or a Cloudflare challenge); check that the gateway's address is its site root (where its console opens) and open it in a browser once, then try again.`,
      res.status,
    );
  }
  if (res.status === 401 || res.status === 403) {
    stop('key_rejected', `${ctx.label} refused the credential (${clause(gatewayErrorMessage(res, ctx.secrets))}).`, res.status, ctx.authRemedy);
  }
  if (res.status === 404) {
    stop('gateway_error', `${ctx.label} has no ${ctx.path} (HTTP 404); check the account's kind and that the gateway's address is its site root (where its console opens).`, 404);
  }
  if (res.status === 429) stop('gateway_error', `${ctx.label} is rate limiting requests to ${ctx.path}; wait a minute and try again.`, 429);
  if (res.status >= 400) {
    stop('gateway_error', `${ctx.label} answered ${ctx.path} with HTTP ${res.status} (${clause(gatewayErrorMessage(res, ctx.secrets))}); try again later.`, res.status);
  }
  if (res.json === undefined) {
    stop('gateway_error', `${ctx.label} answered ${ctx.path} with something that is not JSON; check that the gateway's address is its site root (where its console opens).`, res.status);
  }
  return res.json;
}

/** The console's {success, message, data} envelope: data on success, one sentence on a refusal. */
export function consoleData(res: GatewayResponse, ctx: AnswerContext & { action: string }): unknown {
  const body = jsonAnswer(res, ctx);
  if (!isRecord(body) || typeof body.success !== 'boolean') {
    stop('gateway_error', `${ctx.label} answered ${ctx.path} in a shape Switchboard does not know; check the account's kind (new-api or one-api).`);
  }
  if (!body.success) {
    const message = typeof body.message === 'string' && body.message ? clause(redactSecrets(body.message, ctx.secrets)) : 'no reason given';
    stop('gateway_error', `${ctx.label} refused to ${ctx.action}: ${message}; check the request in the gateway's console and try again.`);
  }
  return body.data;
}

export const num = (value: unknown, fallback = 0): number => {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : fallback;
};

export const str = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));
