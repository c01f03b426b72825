import { Agent } from 'undici';

/** Keep-alive connection pools to the gateways, shared by every proxied call. */
export function createUpstreamDispatcher(connectTimeoutMs = 10_000): Agent {
  return new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 120_000,
    connections: 64,
    pipelining: 1,
    connect: { timeout: connectTimeoutMs },
  });
}
