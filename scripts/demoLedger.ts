// The demo's two weeks of history written into Switchboard's ledger, as the proxy would have
// recorded those calls: same tokens, the gateway's request ids, each priced from its provider's
// price snapshot. The gateway billed the same calls, so the audit sees only the deliberate differences.
import type { App } from '../electron/core/app';
import { callEndpointOf } from '../electron/core/proxy/callerProtocol';
import { costOf } from '../electron/core/usage/cost';
import type { DemoCall } from '../test/fixtures/gateway';

export function recordDemoHistory(app: App, history: DemoCall[], providerOfKey: Record<string, string>): void {
  history.forEach((call, i) => {
    if (call.gatewayOnly) return;
    const provider = app.providers.show(providerOfKey[call.key]);
    const tokens = { inputTokens: call.promptTokens, outputTokens: call.completionTokens, cacheReadTokens: 0, cacheWriteTokens: 0 };
    const price = app.proxyDeps.priceOf(provider.id, call.model);
    const failed = call.status !== 200;
    app.ledger.record({
      ts: call.at * 1000 - call.totalMs,
      requestId: `sb_demo_${i}`,
      client: call.client,
      provider: provider.name,
      requestedModel: call.model,
      servedModel: call.model,
      endpoint: callEndpointOf({ kind: 'generate', protocol: call.protocol }),
      protocolIn: call.protocol,
      protocolOut: call.protocol,
      streamed: call.stream,
      status: call.status,
      errorClass: call.errorClass,
      ...tokens,
      reasoningTokens: 0,
      estimatedCounts: null,
      ttfbMs: call.ttfbMs,
      totalMs: call.totalMs,
      attempts: 1,
      failedProviders: failed ? [provider.name] : [],
      upstreamRequestId: call.gatewayRequestId,
      costUsd: costOf(tokens, price),
      price,
    });
  });
  app.ledger.flush();
}
