import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { CallFailure } from '../../../shared/callFailure';
import { callFailureSentence } from '../../../shared/callFailureSentences';
import type { Client, Protocol } from '../../../shared/schemas';
import type { ResolvedRoute } from '../routes/service';
import type { UsageLedger } from '../usage/ledger';
import type { PriceSnapshot } from '../usage/cost';
import { usageRecordOf } from '../usage/record';
import type { Breakers } from './breaker';
import { callEndpointOf, endpointOf, errorProtocolOf, OPENAI_SIDE_SHAPES, type ProxyEndpoint } from './callerProtocol';
import { watchCallerGone } from './callerGone';
import { callerToken } from './callerToken';
import { answerPreflight, applyCors } from './cors';
import { EMPTY_OUTCOME, forwardGenerate, type CallOutcome, type ProxyTimeouts } from './forward';
import type { KeyHealth } from './keyHealth';
import { listModels, countTokens } from './localEndpoints';
import { multipartBoundary } from './multipartForm';
import { forwardOpenAiPassthrough, uploadFields } from './openAiPassthrough';
import { errorBody } from './protocols';
import { readBody } from './readBody';

/** What the proxy reads on every call; the app keeps it cached until the database changes. */
export interface ProxyView {
  clientOf: ReadonlyMap<string, Client>;
  routeOf(client: Client): ResolvedRoute;
  allowedOrigins: readonly string[];
  timeouts: ProxyTimeouts;
  recordUsage: boolean;
}

export interface ProxyDeps {
  view(): ProxyView;
  dispatcher: Dispatcher;
  bodyLimit: number;
  breakers: Breakers;
  keys: KeyHealth;
  /** Takes one row per call, off the request path. */
  ledger: Pick<UsageLedger, 'record'>;
  priceOf(providerId: number, model: string): PriceSnapshot;
  now?: () => number;
}

function sendError(res: ServerResponse, protocol: Protocol, status: number, message: string, type?: string) {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(errorBody(protocol, status, message, type)));
}

/** The path of a request target; origin-form targets (all that clients send) skip the URL parser, which costs on every call. */
function pathnameOf(target: string): string {
  if (target.startsWith('/') && !target.startsWith('//') && !/[%\\]|\/\.{1,2}(?:\/|$|\?|#)/.test(target)) {
    const end = target.search(/[?#]/);
    return end === -1 ? target : target.slice(0, end);
  }
  return new URL(target, 'http://localhost').pathname;
}

/** Claude Code posts telemetry to the base URL; answer it quietly instead of with errors. */
function isTelemetry(method: string, pathname: string): boolean {
  return method === 'POST' && (pathname.startsWith('/api/event_logging') || pathname.startsWith('/api/claude_code') || pathname.includes('telemetry'));
}

/**
 * The proxy's entry: CORS, token, body limits and JSON checks, then the call is forwarded.
 * Returns false for paths the proxy does not own (the dashboard serves them).
 */
export function createProxyHandler(deps: ProxyDeps) {
  return async function handleProxy(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const method = req.method ?? 'GET';
    const view = deps.view();
    const pathname = pathnameOf(req.url ?? '/');
    const endpoint: ProxyEndpoint | null = endpointOf(method, pathname);
    const ownsPath = endpoint !== null || pathname.startsWith('/v1/') || isTelemetry(method, pathname);
    if (method === 'OPTIONS' && (ownsPath || pathname === '/')) {
      answerPreflight(req, res, view.allowedOrigins);
      return true;
    }
    if (!ownsPath) return false;
    const protocol = endpoint?.kind === 'generate' ? endpoint.protocol : errorProtocolOf(pathname, req.headers);
    if (!applyCors(req, res, view.allowedOrigins)) {
      sendError(res, protocol, 403, `Origin ${req.headers.origin} is not allowed; add it under Settings > Allowed origins.`, 'permission_error');
      return true;
    }
    if (isTelemetry(method, pathname)) {
      req.resume();
      res.writeHead(204);
      res.end();
      return true;
    }
    const requestId = `sb_${crypto.randomUUID().replace(/-/g, '')}`;
    res.setHeader('x-request-id', requestId);
    const token = callerToken(req);
    const client = token ? view.clientOf.get(token) : undefined;
    if (!client) {
      req.resume();
      sendError(
        res,
        protocol,
        401,
        token
          ? 'The local token is not valid; run "switchboard token --client <tool>" and use the token it prints.'
          : 'Missing local token: send "Authorization: Bearer sb-..." (see "switchboard token --client <tool>").',
        'authentication_error',
      );
      return true;
    }
    if (!endpoint) {
      req.resume();
      sendError(res, protocol, 404, `The local proxy does not serve ${method} ${pathname}.`, 'not_found_error');
      return true;
    }
    const ts = (deps.now ?? Date.now)();
    const started = performance.now();
    const route = view.routeOf(client);
    const hops = route.hops;
    if (endpoint.kind === 'models') {
      listModels(res, hops, Boolean(req.headers['anthropic-version']));
      return true;
    }
    const contentType = String(req.headers['content-type'] ?? 'application/json');
    const takesUpload = endpoint.kind === 'openai_passthrough' && OPENAI_SIDE_SHAPES[endpoint.path].upload;
    const boundary = takesUpload ? multipartBoundary(contentType) : null;
    if (!boundary && !/json/i.test(contentType)) {
      req.resume();
      const expected = takesUpload ? 'multipart/form-data (with its boundary) or JSON' : 'JSON (Content-Type: application/json)';
      sendError(res, protocol, 415, `The request body must be ${expected}, not ${contentType}.`, 'invalid_request_error');
      return true;
    }
    const read = await readBody(req, deps.bodyLimit);
    if (!read.ok) {
      if (read.reason === 'too_large') {
        sendError(res, protocol, 413, `The request body is larger than the ${Math.round(deps.bodyLimit / 1048576)} MiB limit.`, 'request_too_large');
      }
      return true;
    }
    let body: Record<string, unknown>;
    if (boundary) {
      body = uploadFields(read.body, boundary);
    } else {
      try {
        const parsed: unknown = JSON.parse(read.body.toString('utf8'));
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        sendError(res, protocol, 400, 'The request body is not valid JSON (expected one JSON object).', 'invalid_request_error');
        return true;
      }
    }
    if (!hops.length) {
      sendError(res, protocol, 503, `No provider is set for ${client}; run "switchboard use <provider> --client ${client}".`, 'api_error');
      return true;
    }
    if (endpoint.kind === 'count_tokens') {
      await countTokens(res, body, route, { dispatcher: deps.dispatcher, breakers: deps.breakers, keys: deps.keys, timeouts: view.timeouts }, req.headers);
      return true;
    }
    const caller: Protocol = endpoint.kind === 'generate' ? endpoint.protocol : 'chat';
    const gone = watchCallerGone(res);
    const forwardDeps = { dispatcher: deps.dispatcher, breakers: deps.breakers, keys: deps.keys, timeouts: view.timeouts, gone };
    let outcome: CallOutcome;
    try {
      outcome =
        endpoint.kind === 'openai_passthrough'
          ? await forwardOpenAiPassthrough(res, { path: endpoint.path, body, raw: read.body, boundary, callerHeaders: req.headers, route, started }, forwardDeps)
          : await forwardGenerate(req, res, body, read.body, caller, route, forwardDeps, started);
    } catch (err) {
      // A bug of ours, not the gateway's: the caller gets a 500 in its protocol, the ledger a row.
      const failure: CallFailure = { code: 'internal', reason: (err as Error).message };
      const message = callFailureSentence(failure);
      sendError(res, protocol, 500, message, 'api_error');
      outcome = { ...EMPTY_OUTCOME, status: 500, errorClass: 'internal', errorMessage: message, failure };
    }
    const call = { ts, requestId, client, caller, endpoint: callEndpointOf(endpoint), body, totalMs: Math.round(performance.now() - started) };
    if (view.recordUsage) deps.ledger.record(usageRecordOf(call, outcome, deps.priceOf));
    return true;
  };
}

