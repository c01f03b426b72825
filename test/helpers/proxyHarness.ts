import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startHeadless } from '../../electron/headless';
import { startGateway, type Gateway, type GatewayOptions } from '../fixtures/gateway';
import { freePort } from './freePort';
import { makeTempEnv, type TempEnv } from './tempEnv';
import type { Client, Protocol } from '../../shared/schemas';

export interface ProxyHarness {
  t: TempEnv;
  gateway: Gateway;
  running: Awaited<ReturnType<typeof startHeadless>>;
  /** http://127.0.0.1:PORT */
  url: string;
  token(client: Client): string;
  /** The ledger's newest row: what the proxy recorded for the call just made. */
  lastRow(): Promise<UsageCall>;
  close(): Promise<void>;
}

type UsageCall = Awaited<ReturnType<ProxyHarness['running']['app']['handlers']['usage.calls']>>['rows'][number];

/** The Anthropic SDK as Claude Code calls the proxy (Bearer token). */
export const anthropicFor = (h: ProxyHarness) => new Anthropic({ authToken: h.token('claude'), apiKey: null, baseURL: h.url, maxRetries: 0 });

/** The openai SDK as Codex or a chat app calls the proxy. */
export const openAiFor = (h: ProxyHarness, client: 'codex' | 'chat') => new OpenAI({ apiKey: h.token(client), baseURL: `${h.url}/v1`, maxRetries: 0 });

/**
 * A simulated gateway speaking `protocols`, Switchboard headless on a free port, a provider for
 * the gateway and every client's route pointing at it.
 */
export async function startProxyHarness(options: { protocols: Protocol[]; gateway?: GatewayOptions; model?: string }): Promise<ProxyHarness> {
  const t = makeTempEnv();
  const gateway = await startGateway({ acceptAnyModel: true, ...options.gateway, protocols: options.protocols });
  const port = await freePort();
  const running = await startHeadless({ env: t.env, port });
  const h = running.app.handlers;
  await h['providers.add']({ name: 'gw', baseUrl: gateway.url, key: gateway.apiKey, protocols: options.protocols });
  for (const client of ['claude', 'codex', 'hermes', 'chat'] as const) {
    await h['routes.set']({ client, providers: ['gw'], model: options.model });
  }
  return {
    t,
    gateway,
    running,
    url: running.url,
    token: (client) => running.app.tokens.ensure(client),
    async lastRow() {
      const { rows } = await h['usage.calls']({ since: '1h', limit: 1, offset: 0, outcome: 'all' });
      return rows[0];
    },
    async close() {
      await running.close();
      await gateway.close();
      t.cleanup();
    },
  };
}
