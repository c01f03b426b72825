/** OpenAI Responses API wire shapes (the parts the proxy reads or writes). */
export type ResponsesInputContent =
  | { type: 'input_text'; text: string }
  | { type: 'input_image'; image_url: string; detail: 'auto' }
  | { type: 'input_file'; filename: string; file_data: string }
  | { type: 'input_file'; file_url: string; filename?: string }
  | { type: 'output_text'; text: string };

export type ResponsesInputItem =
  | { type: 'message'; role: 'user' | 'assistant' | 'developer'; content: ResponsesInputContent[] }
  | { type: 'function_call'; call_id: string; name: string; arguments: string }
  | { type: 'custom_tool_call'; call_id: string; name: string; input: string }
  | { type: 'function_call_output'; call_id: string; output: string | ResponsesInputContent[] }
  | { type: 'custom_tool_call_output'; call_id: string; output: string };

export type ResponsesTool =
  | { type: 'function'; name: string; description?: string; parameters: Record<string, unknown>; strict: boolean }
  | { type: 'custom'; name: string; description?: string; format?: unknown };

export type ResponsesToolChoice = 'auto' | 'none' | 'required' | { type: 'function' | 'custom'; name: string };

export type ResponsesTextFormat =
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: unknown; strict?: boolean; description?: string };

export interface ResponsesRequest {
  model: string;
  input: ResponsesInputItem[];
  instructions?: string;
  tools?: ResponsesTool[];
  tool_choice?: ResponsesToolChoice;
  parallel_tool_calls?: boolean;
  max_output_tokens?: number;
  temperature?: number;
  top_p?: number;
  reasoning?: { effort: string };
  text?: { format: ResponsesTextFormat };
  store: false;
  stream?: boolean;
}

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cached_creation_tokens?: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export interface ResponsesOutputText {
  type: 'output_text';
  text: string;
  annotations: unknown[];
  logprobs: unknown[];
}

export type ResponsesOutputItem =
  | { id: string; type: 'message'; status: 'in_progress' | 'completed'; role: 'assistant'; content: ResponsesOutputText[] }
  | { id: string; type: 'reasoning'; summary: Array<{ type: 'summary_text'; text: string }>; encrypted_content?: string }
  | { id: string; type: 'function_call'; status: 'in_progress' | 'completed'; call_id: string; name: string; namespace?: string; arguments: string }
  | { id: string; type: 'custom_tool_call'; status: 'in_progress' | 'completed'; call_id: string; name: string; namespace?: string; input: string };

export interface ResponsesError {
  type: string;
  code: string;
  message: string;
}

export interface ResponsesResponse {
  id: string;
  object: 'response';
  created_at: number;
  status: 'in_progress' | 'completed' | 'incomplete' | 'failed';
  model: string;
  output: ResponsesOutputItem[];
  usage: ResponsesUsage | null;
  incomplete_details: { reason: string } | null;
  error: ResponsesError | null;
  parallel_tool_calls: boolean;
  tool_choice: 'auto';
  tools: [];
  metadata: Record<string, never>;
}
