/**
 * Every conversion direction under its own name (caller protocol first for requests, upstream
 * protocol first for replies and streams), for code and tests that want one path explicitly.
 */
import { convertRequest, convertResponse, createStreamConverter, type ConvertOptions } from './convert';

export const anthropicRequestToChat = (body: unknown) => convertRequest('anthropic', 'chat', body);
export const anthropicRequestToResponses = (body: unknown) => convertRequest('anthropic', 'responses', body);
export const chatRequestToAnthropic = (body: unknown) => convertRequest('chat', 'anthropic', body);
export const chatRequestToResponses = (body: unknown) => convertRequest('chat', 'responses', body);
export const responsesRequestToAnthropic = (body: unknown) => convertRequest('responses', 'anthropic', body);
export const responsesRequestToChat = (body: unknown) => convertRequest('responses', 'chat', body);

export const chatResponseToAnthropic = (body: unknown, opts?: ConvertOptions) => convertResponse('chat', 'anthropic', body, opts);
export const responsesResponseToAnthropic = (body: unknown, opts?: ConvertOptions) => convertResponse('responses', 'anthropic', body, opts);
export const anthropicResponseToChat = (body: unknown, opts?: ConvertOptions) => convertResponse('anthropic', 'chat', body, opts);
export const responsesResponseToChat = (body: unknown, opts?: ConvertOptions) => convertResponse('responses', 'chat', body, opts);
export const anthropicResponseToResponses = (body: unknown, opts?: ConvertOptions) => convertResponse('anthropic', 'responses', body, opts);
export const chatResponseToResponses = (body: unknown, opts?: ConvertOptions) => convertResponse('chat', 'responses', body, opts);

export const chatStreamToAnthropic = (opts?: ConvertOptions) => createStreamConverter('chat', 'anthropic', opts);
export const responsesStreamToAnthropic = (opts?: ConvertOptions) => createStreamConverter('responses', 'anthropic', opts);
export const anthropicStreamToChat = (opts?: ConvertOptions) => createStreamConverter('anthropic', 'chat', opts);
export const responsesStreamToChat = (opts?: ConvertOptions) => createStreamConverter('responses', 'chat', opts);
export const anthropicStreamToResponses = (opts?: ConvertOptions) => createStreamConverter('anthropic', 'responses', opts);
export const chatStreamToResponses = (opts?: ConvertOptions) => createStreamConverter('chat', 'responses', opts);
