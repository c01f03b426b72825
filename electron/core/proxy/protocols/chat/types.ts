/** OpenAI Chat Completions wire shapes (the parts the proxy reads or writes). */
/** `cache_control` on text parts: the prompt-caching form gateways (OpenRouter, new-api) pass on to Claude models. */
export type ChatTextPart = { type: 'text'; text: string; cache_control?: Record<string, unknown> };
/** A document (PDF) inline: `file_data` is a base64 data URL. */
export type ChatFilePart = { type: 'file'; file: { filename: string; file_data: string } };
export type ChatContentPart = ChatTextPart | { type: 'image_url'; image_url: { url: string; detail?: string } } | ChatFilePart;

export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type ChatMessage =
  | { role: 'system'; content: string | ChatTextPart[] }
  | { role: 'user'; content: string | ChatContentPart[] }
  | { role: 'assistant'; content: string | null; reasoning_content?: string; tool_calls?: ChatToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface ChatTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

export type ChatToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

export type ChatResponseFormat =
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; schema: unknown; strict?: boolean; description?: string } };

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  tools?: ChatTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: boolean;
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string[];
  reasoning_effort?: string;
  response_format?: ChatResponseFormat;
  stream?: boolean;
  stream_options?: { include_usage: boolean };
}

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; cached_creation_tokens?: number };
  completion_tokens_details: { reasoning_tokens: number };
}

export interface ChatResponse {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: { role: 'assistant'; content: string | null; reasoning_content?: string; tool_calls?: ChatToolCall[]; refusal: null };
    finish_reason: string;
    logprobs: null;
  }>;
  usage?: ChatUsage;
}

/** The `delta` of one streamed chunk. */
export interface ChatDelta {
  role?: 'assistant';
  content?: string;
  reasoning_content?: string;
  tool_calls?: Array<{ index: number; id?: string; type?: 'function'; function: { name?: string; arguments: string } }>;
}

export interface ChatChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: Array<{ index: number; delta: ChatDelta; finish_reason: string | null; logprobs: null }>;
  usage?: ChatUsage;
}
