import type { CallEndpoint } from '../../../shared/callEndpoint';
import type { Client, Protocol } from '../../../shared/schemas';
import { estimateInputTokens, estimateOutputTokens } from '../proxy/protocols';
import type { CallOutcome } from '../proxy/forward';
import type { UsageRecord } from '../store/usage';
import { costOf, NO_PRICE, type PriceSnapshot } from './cost';

export interface CallContext {
  ts: number;
  requestId: string;
  client: Client;
  caller: Protocol;
  endpoint: CallEndpoint;
  body: Record<string, unknown>;
  totalMs: number;
}

/**
 * The ledger row for one call. Tokens are the gateway's own counts; when it reported none (all
 * zeros read as none: see countsNothing) and the call reached it, they are estimated from the
 * request and the reply's length and marked so, unless the endpoint says its input cannot be estimated.
 * A call its caller left while the gateway held the whole request reached it too: the prompt is
 * billed, so it is estimated (with the output seen, none) rather than recorded as 0 tokens.
 * Usage without its final output count keeps the gateway's other counts beside the output estimate,
 * and the row says that only its output was estimated: its prompt counts are still the gateway's.
 */
export function usageRecordOf(call: CallContext, outcome: CallOutcome, priceOf: (providerId: number, model: string) => PriceSnapshot): UsageRecord {
  const requestedModel = typeof call.body.model === 'string' ? call.body.model : null;
  const servedModel = outcome.servedModel ?? requestedModel;
  const answered = outcome.status > 0 && outcome.status < 400;
  const billed = answered || outcome.promptSent === true;
  const estimate = !outcome.usage && billed && outcome.inputEstimate !== null;
  const { outputEstimated, ...usage } = outcome.usage ?? {
    inputTokens: estimate ? (outcome.inputEstimate ?? estimateInputTokens(call.caller, call.body)) : 0,
    outputTokens: estimate ? estimateOutputTokens(outcome.contentChars) : 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
  };
  const price = outcome.providerId !== null && servedModel ? priceOf(outcome.providerId, servedModel) : NO_PRICE;
  return {
    ts: call.ts,
    requestId: call.requestId,
    client: call.client,
    provider: outcome.provider,
    requestedModel,
    servedModel,
    endpoint: call.endpoint,
    protocolIn: call.caller,
    protocolOut: outcome.upstream,
    streamed: call.body.stream === true,
    status: outcome.status,
    errorClass: outcome.errorClass,
    errorMessage: outcome.errorMessage,
    failure: outcome.failure,
    ...usage,
    estimatedCounts: estimate ? 'all' : outputEstimated ? 'output' : null,
    ttfbMs: outcome.ttfbMs,
    totalMs: call.totalMs,
    attempts: outcome.attempts,
    failedProviders: outcome.failedProviders,
    upstreamRequestId: outcome.upstreamRequestId,
    costUsd: costOf(usage, price),
    price,
  };
}
