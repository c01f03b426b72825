/**
 * The normalised form every protocol decodes into and encodes from, so each of the six
 * conversion directions is one decoder plus one encoder rather than a mapping of its own.
 */
import type { Usage } from './usage';

/** Why generation stopped, in Anthropic's vocabulary (the richest of the three). */
export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';
export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

export type ImageSource = { kind: 'base64'; mediaType: string; data: string } | { kind: 'url'; url: string };

export interface TextPart {
  type: 'text';
  text: string;
  /** Anthropic prompt-caching breakpoint (`{type: 'ephemeral', ttl?}`), kept so caching survives a conversion. */
  cacheControl?: Record<string, unknown>;
}
export interface ImagePart {
  type: 'image';
  source: ImageSource;
}
/**
 * A document (PDF, chiefly) given to the model: inline base64 `data`, or a `url` (at least one is
 * set; encoders use `data` when it is). `filename` is Anthropic's document `title` and
 * OpenAI's `filename`. Files uploaded to a provider's own store (`file_id`) cannot be carried.
 */
export interface FilePart {
  type: 'file';
  mediaType: string;
  data?: string;
  url?: string;
  filename?: string;
}
/** `signature` is set only when Anthropic issued it; nothing else may fill it. */
export interface ThinkingPart {
  type: 'thinking';
  text: string;
  signature?: string;
}
export interface RedactedThinkingPart {
  type: 'redacted_thinking';
  data: string;
}
/** `arguments` is the JSON text exactly as the model wrote it, parsable or not. */
export interface ToolCallPart {
  type: 'tool_call';
  id: string;
  name: string;
  arguments: string;
}
export interface ToolResultPart {
  type: 'tool_result';
  callId: string;
  content: ToolResultContent[];
  isError?: boolean;
}
/** What a tool result may hold. */
export type ToolResultContent = TextPart | ImagePart | FilePart;
export type NormPart = TextPart | ImagePart | FilePart | ThinkingPart | RedactedThinkingPart | ToolCallPart | ToolResultPart;
export type OutputPart = TextPart | ThinkingPart | RedactedThinkingPart | ToolCallPart;

/** Tool results travel in user messages (Anthropic's layout); system messages may appear anywhere. */
export interface NormMessage {
  role: 'system' | 'user' | 'assistant';
  parts: NormPart[];
}

export interface NormTool {
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
  /** Set for free-form tools (Responses `custom`, e.g. Codex's apply_patch): their input is one string. */
  custom?: { format?: unknown };
}

export type NormToolChoice = { mode: 'auto' | 'none' | 'required' } | { mode: 'tool'; name: string };

export type NormResponseFormat =
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: unknown; strict?: boolean; description?: string };

export interface NormReasoning {
  effort: ReasoningEffort;
  budgetTokens?: number;
}

export interface NormRequest {
  model: string;
  messages: NormMessage[];
  tools: NormTool[];
  toolChoice?: NormToolChoice;
  parallelToolCalls?: boolean;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  reasoning?: NormReasoning;
  responseFormat?: NormResponseFormat;
  stream: boolean;
}

export interface NormResponse {
  id?: string;
  model?: string;
  /**
   * Consecutive text parts are separate pieces of the reply (Responses message items, Anthropic
   * text runs split by another block): never one sentence cut in two, so a caller whose content
   * is one string may put a break between them.
   */
  parts: OutputPart[];
  stopReason: StopReason;
  stopSequence?: string;
  usage: Usage | null;
}

/**
 * One step of a streamed reply. Decoders guarantee: `start` first, a tool call's `start`
 * before its `args` and `end`, and exactly one terminal event (`finish` or `error`).
 * Tool calls are identified by `key` (the upstream's tool-call index, or id when it has none).
 * `part_end` marks where the upstream ended one piece of text or thinking (a Responses output
 * item, an Anthropic text run): what follows, even of the same kind, is a new piece, the way
 * the parts of a NormResponse are.
 */
export type NormEvent =
  | { type: 'start'; id?: string; model?: string }
  | { type: 'text'; text: string }
  | { type: 'thinking'; text: string }
  | { type: 'thinking_signature'; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'part_end' }
  | { type: 'tool_call_start'; key: string; id: string; name: string }
  | { type: 'tool_call_args'; key: string; delta: string }
  | { type: 'tool_call_end'; key: string }
  | { type: 'finish'; reason: StopReason; stopSequence?: string; usage: Usage | null }
  | { type: 'error'; message: string; errorType: string };
