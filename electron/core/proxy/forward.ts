import type { IncomingMessage, ServerResponse } from 'node:http';
import { request, type Dispatcher } from 'undici';
import type { Protocol } from '../../../shared/schemas';
import type { ResolvedProvider } from '../providers/service';
import type { ProxyRequestContext } from './handler';
import { convertRequest, convertResponse, createStreamConverter, errorBody } from './protocols';
import { relayStream, writeChunk } from './streamRelay';
import { upstreamEndpoint, upstreamProtocolFor } from './upstreamProtocol';

/** One provider in a client's route and the model to ask it for (none: the caller's model). */
export interface Hop {
  provider: ResolvedProvider;
  model?: string;
}

const UPSTREAM_TIMEOUT_MS = 300_000;
const MAX_ERROR_BODY = 1024 * 1024;

function looksLikeHtml(text: string): boolean {
  return /^\s*<(!doctype|html|head|body)/i.test(text);
}

function upstreamMessage(text: string, status: number): string {
  if (looksLikeHtml(text)) return `the gateway answered HTTP ${status} with an HTML page instead of JSON (a login page or a Cloudflare challenge?)`;
  try {
    const j = JSON.parse(text) as { error?: { message?: string } | string; message?: string };
    if (typeof j.error === 'string') return j.error;
    if (j.error?.message) return j.error.message;
    if (j.message) return j.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.trim().slice(0, 300) || `HTTP ${status} with an empty body`;
}

function writeJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}

async function readText(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Sends a generation request (Messages, Chat or Responses) to the route's provider, converting when needed. */
export async function forwardGenerate(
  req: IncomingMessage,
  res: ServerResponse,
  body: Record<string, unknown>,
  caller: Protocol,
  hops: Hop[],
  dispatcher: Dispatcher,
  ctx: ProxyRequestContext,
): Promise<void> {
  const hop = hops[0];
  const provider = hop.provider;
  const upstream = upstreamProtocolFor(caller, provider.protocols);
  if (!upstream) {
    return writeJson(res, 502, errorBody(caller, 502, `Provider ${provider.name} speaks no protocol the proxy can use.`, 'api_error'));
  }
  const requestedModel = typeof body.model === 'string' ? body.model : undefined;
  const model = hop.model ?? requestedModel;
  const streamed = body.stream === true;
  const converted = upstream === caller ? { ...body } : (convertRequest(caller, upstream, body) as Record<string, unknown>);
  if (model) converted.model = model;
  const endpoint = upstreamEndpoint(upstream, provider, provider.keys[0], req.headers);
  const servedHeaders: Record<string, string> = { 'x-switchboard-provider': provider.name, 'x-switchboard-model': model ?? '' };

  let upstreamRes: Dispatcher.ResponseData;
  try {
    upstreamRes = await request(endpoint.url, {
      method: 'POST',
      headers: endpoint.headers,
      body: JSON.stringify(converted),
      dispatcher,
      headersTimeout: UPSTREAM_TIMEOUT_MS,
      bodyTimeout: UPSTREAM_TIMEOUT_MS,
    });
  } catch (err) {
    const reason = (err as { code?: string }).code ?? (err as Error).message;
    return writeJson(res, 502, errorBody(caller, 502, `Could not reach provider ${provider.name} (${reason}).`, 'api_error'), servedHeaders);
  }

  const status = upstreamRes.statusCode;
  if (status >= 400) {
    const text = await readText(upstreamRes.body, MAX_ERROR_BODY);
    return writeJson(res, status, errorBody(caller, status, `${provider.name}: ${upstreamMessage(text, status)}`), servedHeaders);
  }

  const contentType = String(upstreamRes.headers['content-type'] ?? '');
  if (streamed && contentType.includes('text/event-stream')) {
    const outcome = await relayStream(upstreamRes.body, res, {
      converter: createStreamConverter(upstream, caller, { model: requestedModel ?? model, request: body }),
      passthrough: upstream === caller,
      headers: servedHeaders,
      started: ctx.started,
    });
    if (outcome.kind === 'failed_before_content') {
      writeJson(res, 502, errorBody(caller, 502, `${provider.name}: ${outcome.message}`, 'api_error'), servedHeaders);
    }
    return;
  }

  const text = await upstreamRes.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return writeJson(res, 502, errorBody(caller, 502, `${provider.name}: ${upstreamMessage(text, status)}`, 'api_error'), servedHeaders);
  }
  if (upstream === caller) {
    res.writeHead(status, { 'content-type': 'application/json', ...servedHeaders });
    return void res.end(text);
  }
  writeJson(res, status, convertResponse(upstream, caller, json, { model: requestedModel ?? model, request: body }), servedHeaders);
}

/** Embeddings and image generation: OpenAI-only endpoints passed straight to the route's provider. */
export async function forwardOpenAiPassthrough(
  _req: IncomingMessage,
  res: ServerResponse,
  body: Record<string, unknown>,
  path: string,
  hops: Hop[],
  dispatcher: Dispatcher,
  _ctx: ProxyRequestContext,
): Promise<void> {
  const { provider, model } = hops[0];
  const upstreamBody = model ? { ...body, model } : body;
  try {
    const upstreamRes = await request(`${provider.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${provider.keys[0]}` },
      body: JSON.stringify(upstreamBody),
      dispatcher,
      headersTimeout: UPSTREAM_TIMEOUT_MS,
      bodyTimeout: UPSTREAM_TIMEOUT_MS,
    });
    res.writeHead(upstreamRes.statusCode, {
      'content-type': String(upstreamRes.headers['content-type'] ?? 'application/json'),
      'x-switchboard-provider': provider.name,
    });
    for await (const chunk of upstreamRes.body) await writeChunk(res, chunk as Buffer);
    res.end();
  } catch (err) {
    writeJson(res, 502, errorBody('chat', 502, `Could not reach provider ${provider.name} (${(err as Error).message}).`, 'api_error'));
  }
}
