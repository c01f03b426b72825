/**
 * Errors in each caller's own protocol. Error kinds use Anthropic's names (the richest set);
 * OpenAI bodies carry the matching OpenAI type. The HTTP status is always the upstream's.
 */
import { redactSecrets } from '../../../../shared/mask';
import type { Protocol } from '../../../../shared/schemas';
import { anthropicOverflowMessage, CONTEXT_OVERFLOW, openAiOverflowMessage, saysContextOverflow } from './contextOverflow';
import { isRecord, records, str } from './guards';
import { randomId } from './ids';
import { responseEnvelope } from './responses/items';
import type { ResponsesError } from './responses/types';
import { dataEvent, typedEvent, type SseEvent } from './sse';

export function errorTypeForStatus(status: number): string {
  switch (status) {
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 503:
    case 529:
      return 'overloaded_error';
    case 504:
      return 'timeout_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

const KINDS = new Set([
  'invalid_request_error',
  'authentication_error',
  'billing_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'api_error',
  'overloaded_error',
  'timeout_error',
  CONTEXT_OVERFLOW,
]);

/**
 * An upstream's error (any protocol) as one of our kinds: a context overflow when its message or any
 * code says so (gateways word it in the message, often under a plain invalid_request_error), else
 * the first telling type or code.
 */
export function errorKind(message: unknown, ...typesOrCodes: unknown[]): string {
  if (saysContextOverflow(message, ...typesOrCodes)) return CONTEXT_OVERFLOW;
  for (const value of typesOrCodes) {
    if (typeof value !== 'string') continue;
    if (KINDS.has(value)) return value;
    if (/insufficient_quota|billing/.test(value)) return 'billing_error';
    if (/rate_limit/.test(value)) return 'rate_limit_error';
    if (/context_length|invalid|bad_request/.test(value)) return 'invalid_request_error';
  }
  return 'api_error';
}

const STATUS_FOR_KIND: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  overloaded_error: 503,
  timeout_error: 504,
  [CONTEXT_OVERFLOW]: 400,
};

/**
 * An error delivered as a successful reply: some relays (OpenRouter, relay chains) answer 200 with
 * `{error:{...}}`, Anthropic's `{type:"error",error:{...}}` or a Responses object that failed. The status is the error's numeric code when it
 * is an HTTP status, else the one that fits its type or code, else 502. Null for a real reply.
 * The message has the provider's keys (`secrets`) masked: some gateways quote the key they were sent.
 */
export function errorInReply(body: unknown, secrets: readonly string[]): { status: number; message: string; kind: string } | null {
  if (!isRecord(body)) return null;
  // A reply that carries content (or a Responses object that did not fail) is a reply, whatever else it holds.
  if (records(body.choices).length || records(body.content).length) return null;
  if (typeof body.status === 'string' && body.status !== 'failed') return null;
  const error = body.error;
  if (typeof error === 'string' && error) return { status: 502, message: redactSecrets(error, secrets), kind: 'api_error' };
  if (!isRecord(error) || (error.message === undefined && error.type === undefined && error.code === undefined)) return null;
  const code = typeof error.code === 'number' && error.code >= 400 && error.code <= 599 ? error.code : undefined;
  const kind = errorKind(error.message, error.type, error.code);
  const status = code ?? STATUS_FOR_KIND[kind] ?? 502;
  const message = str(error.message) ?? `the gateway answered with an error of type ${str(error.type) ?? 'unknown'}`;
  return { status, message: redactSecrets(message, secrets), kind };
}

const OPENAI_SERVER_KINDS = new Set(['api_error', 'overloaded_error', 'timeout_error']);

interface OpenAiError {
  message: string;
  type: string;
  param: null;
  code: string | null;
}

/**
 * A rate limit carries the code Codex and the OpenAI SDK back off on; exhausted credit carries
 * OpenAI's own insufficient_quota, on which Codex stops and says the quota is exceeded; a context
 * overflow carries context_length_exceeded, on which Codex compacts its history.
 */
function openAiError(message: string, kind: string): OpenAiError {
  if (kind === 'billing_error') return { message, type: 'insufficient_quota', param: null, code: 'insufficient_quota' };
  if (kind === CONTEXT_OVERFLOW) return { message: openAiOverflowMessage(message), type: 'invalid_request_error', param: null, code: CONTEXT_OVERFLOW };
  return {
    message,
    type: OPENAI_SERVER_KINDS.has(kind) ? 'server_error' : kind,
    param: null,
    code: kind === 'rate_limit_error' ? 'rate_limit_exceeded' : null,
  };
}

export function responsesError(message: string, kind: string): ResponsesError {
  const e = openAiError(message, kind);
  return { type: e.type, code: e.code ?? e.type, message: e.message };
}

/** Anthropic has no type of its own for an overflow: Claude Code knows it by the message. */
function anthropicError(message: string, kind: string): { type: string; message: string } {
  return kind === CONTEXT_OVERFLOW ? { type: 'invalid_request_error', message: anthropicOverflowMessage(message) } : { type: kind, message };
}

export function errorBody(protocol: Protocol, status: number, message: string, type?: string): Record<string, unknown> {
  const kind = type ?? errorTypeForStatus(status);
  return protocol === 'anthropic' ? { type: 'error', error: anthropicError(message, kind) } : { error: openAiError(message, kind) };
}

export function anthropicErrorEvent(message: string, kind: string): SseEvent {
  return typedEvent({ type: 'error', error: anthropicError(message, kind) });
}

/** The OpenAI SDK throws on any chunk with an `error` member. */
export function chatErrorEvent(message: string, kind: string): SseEvent {
  return dataEvent({ error: openAiError(message, kind) });
}

/**
 * Stream error events for streams passed through unchanged; converted streams use their
 * converter's `fail`. `sequenceNumber` (Responses only) continues the numbering the caller saw.
 */
export function streamErrorEvents(protocol: Protocol, message: string, type = 'api_error', sequenceNumber = 0): SseEvent[] {
  switch (protocol) {
    case 'anthropic':
      return [anthropicErrorEvent(message, type)];
    case 'chat':
      return [chatErrorEvent(message, type)];
    case 'responses':
      return [
        typedEvent({
          type: 'response.failed',
          sequence_number: sequenceNumber,
          response: responseEnvelope({
            id: randomId('resp_'),
            model: '',
            createdAt: Math.floor(Date.now() / 1000),
            status: 'failed',
            output: [],
            usage: null,
            error: responsesError(message, type),
          }),
        }),
      ];
  }
}
