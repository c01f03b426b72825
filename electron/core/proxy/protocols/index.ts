/** The protocol conversion layer of the local proxy: pure functions and pure stream state machines. */
export {
  convertRequest,
  convertResponse,
  convertResponseToStream,
  createStreamConverter,
  errorAsStream,
  estimatedUsage,
  estimateInputTokens,
  replyContentChars,
  type ConvertOptions,
  type StreamConverter,
  type StreamProgress,
} from './convert';
export * from './directions';
export { CONTEXT_OVERFLOW, saysContextOverflow } from './contextOverflow';
export { errorBody, errorInReply, errorTypeForStatus, streamErrorEvents } from './errors';
export { estimateAnthropicInputTokens, estimateOpenAiSideInputTokens, estimateOutputTokens, estimateTokens } from './estimate';
export { createSseParser, encodeSse, type SseEvent, type SseParser } from './sse';
export { createSseEventCutter, type SseEventCutter } from './sseCutter';
export { protocolUsage, usageFromBody, usageFromOpenAiSideReply, type Usage } from './usage';
export { createUsageTap, type UsageTap } from './usageTap';
