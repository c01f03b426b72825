/**
 * A bench for the OpenAI side endpoints (embeddings, images, audio, moderations) along a route:
 * two simulated gateways behind one Switchboard, "flaky" first in the chat route and "steady"
 * behind it, each hop asking for its own embedding model; "flaky-claude" is the flaky gateway
 * again, registered as speaking only Anthropic. The caller is the official openai client.
 */
import OpenAI from 'openai';
import { expect } from 'vitest';
import { startHeadless } from '../../../electron/headless';
import type { ChannelOutput } from '../../../shared/contract';
import { startGateway, type Gateway } from '../../fixtures/gateway';
import { makeTempEnv, type TempEnv } from '../../helpers/tempEnv';

export type LedgerRow = ChannelOutput<'usage.calls'>['rows'][number];

/** Headers the caller adds to the SDK's own (user-agent, x-stainless-*): Codex-style identity. */
export const IDENTITY = { originator: 'embedding-indexer', session_id: 'session-42' };

export interface Bench {
  t: TempEnv;
  flaky: Gateway;
  steady: Gateway;
  sb: Awaited<ReturnType<typeof startHeadless>>;
  openai: OpenAI;
  close(): Promise<void>;
}

export const ROUTE = [
  { provider: 'flaky', models: { 'text-embedding-*': 'flaky-embed' } },
  { provider: 'steady', models: { 'text-embedding-*': 'steady-embed' } },
];

export async function startBench(settings: Record<string, number>): Promise<Bench> {
  const t = makeTempEnv();
  const flaky = await startGateway({ protocols: ['chat', 'anthropic'], acceptAnyModel: true });
  const steady = await startGateway({ protocols: ['chat'], acceptAnyModel: true });
  const sb = await startHeadless({ env: t.env, port: 0 });
  const h = sb.app.handlers;
  await h['settings.set']({ firstByteTimeoutMs: 1500, responseTimeoutMs: 2500, retryAfterCapMs: 3000, ...settings });
  await h['providers.add']({ name: 'flaky', baseUrl: flaky.url, key: flaky.apiKey, protocols: ['chat', 'anthropic'] });
  await h['providers.add']({ name: 'steady', baseUrl: steady.url, key: steady.apiKey, protocols: ['chat'] });
  await h['providers.add']({ name: 'flaky-claude', baseUrl: flaky.url, key: flaky.apiKey, protocols: ['anthropic'] });
  await h['routes.set']({ client: 'chat', hops: ROUTE });
  const openai = new OpenAI({ baseURL: `${sb.url}/v1`, apiKey: sb.app.tokens.ensure('chat'), maxRetries: 0, defaultHeaders: IDENTITY });
  return {
    t,
    flaky,
    steady,
    sb,
    openai,
    async close() {
      await sb.close();
      await flaky.close();
      await steady.close();
      t.cleanup();
    },
  };
}

export const sentTo = (g: Gateway, path: string) => g.requests.filter((q) => q.path === path);

export async function ledgerRowOf(b: Bench, requestId: string | null): Promise<LedgerRow> {
  b.sb.app.ledger.flush();
  const { rows } = await b.sb.app.handlers['usage.calls']({ since: '1h', limit: 1000, offset: 0, outcome: 'all' });
  const mine = rows.filter((r) => r.requestId === requestId);
  expect(mine).toHaveLength(1);
  return mine[0];
}

export async function breakerOf(b: Bench, provider: string) {
  return (await b.sb.app.handlers['breakers.list']({})).find((x) => x.provider === provider);
}

/** The caller's error: status, message and the proxy's request id. */
export async function refusal(call: Promise<unknown>): Promise<{ status: number; message: string; requestId: string | null }> {
  const err = await call.then(
    () => expect.unreachable('the call should have failed'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OpenAI.APIError);
  const api = err as InstanceType<typeof OpenAI.APIError>;
  return { status: api.status ?? 0, message: api.message, requestId: api.headers?.get('x-request-id') ?? null };
}

