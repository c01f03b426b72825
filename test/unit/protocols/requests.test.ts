import { describe, expect, it } from 'vitest';
import { SwitchboardError } from '../../../electron/core/errors';
import {
  anthropicRequestToChat,
  anthropicRequestToResponses,
  chatRequestToAnthropic,
  chatRequestToResponses,
  convertRequest,
  responsesRequestToAnthropic,
  responsesRequestToChat,
} from '../../../electron/core/proxy/protocols';

const READ_SCHEMA = { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] };

/** Claude Code style: system blocks, images, parallel tool calls, results with text and image, thinking. */
const anthropicRequest = {
  model: 'claude-sonnet-4',
  max_tokens: 2048,
  system: [
    { type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } },
    { type: 'text', text: 'Use tools.' },
  ],
  stream: true,
  stop_sequences: ['END'],
  temperature: 0.5,
  thinking: { type: 'enabled', budget_tokens: 10000 },
  metadata: { user_id: 'u1' },
  tools: [
    { name: 'read_file', description: 'Read a file', input_schema: READ_SCHEMA },
    { name: 'list_dir', input_schema: { type: 'object' } },
    { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
  ],
  tool_choice: { type: 'auto', disable_parallel_tool_use: true },
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in these?' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
        { type: 'image', source: { type: 'url', url: 'https://example.com/y.jpg' } },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'I should read.', signature: 'sig1' },
        { type: 'text', text: 'Reading.' },
        { type: 'tool_use', id: 'toolu_1', name: 'read_file', input: { path: 'a.txt' } },
        { type: 'tool_use', id: 'toolu_2', name: 'list_dir', input: {} },
      ],
    },
    {
      role: 'user',
      content: [
        {
          type: 'tool_result',
          tool_use_id: 'toolu_1',
          content: [
            { type: 'text', text: 'hello' },
            { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/' } },
          ],
        },
        { type: 'tool_result', tool_use_id: 'toolu_2', content: 'a.txt' },
        { type: 'text', text: 'Go on.' },
      ],
    },
  ],
};

/** A GUI chat client / SDK style Chat request. */
const chatRequest = {
  model: 'gpt-4o',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'developer', content: [{ type: 'text', text: 'Prefer tools.' }] },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Look' },
        { type: 'image_url', image_url: { url: 'data:image/webp;base64,UklG', detail: 'high' } },
      ],
    },
    {
      role: 'assistant',
      content: null,
      reasoning_content: 'need files',
      tool_calls: [
        { id: 'functions.read:0', type: 'function', function: { name: 'read', arguments: '{"p":"a"}' } },
        { id: 'call_2', type: 'function', function: { name: 'read', arguments: '{"p":' } },
      ],
    },
    { role: 'tool', tool_call_id: 'functions.read:0', content: 'A' },
    { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: 'B' }] },
    { role: 'user', content: 'Summarise' },
  ],
  tools: [
    { type: 'function', function: { name: 'read', description: 'Read', parameters: { type: 'object', properties: { p: { type: 'string' } } } } },
    { type: 'function', function: { name: 'noargs' } },
  ],
  tool_choice: 'required',
  parallel_tool_calls: false,
  max_completion_tokens: 1000,
  stop: 'STOP',
  temperature: 0.2,
  stream: true,
  stream_options: { include_usage: true },
  reasoning_effort: 'low',
  response_format: { type: 'json_object' },
  n: 1,
  seed: 3,
  user: 'u',
};

const PATCH = '*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch';

/** Codex style: instructions, developer message, reasoning items, custom apply_patch, hosted tools, Codex-only fields. */
const codexRequest = {
  model: 'gpt-5-codex',
  instructions: 'You are Codex.',
  input: [
    { type: 'message', role: 'developer', content: [{ type: 'input_text', text: '<permissions>' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Add a file' }] },
    { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Plan' }], encrypted_content: 'anthropic-signature:SIG' },
    { type: 'custom_tool_call', call_id: 'call_p', name: 'apply_patch', input: PATCH },
    { type: 'custom_tool_call_output', call_id: 'call_p', output: 'Done' },
    { type: 'reasoning', id: 'rs_2', summary: [], encrypted_content: 'gAAAA-openai-blob' },
    { type: 'function_call', call_id: 'call_s', name: 'shell', arguments: '{"command":["ls"]}' },
    { type: 'function_call_output', call_id: 'call_s', output: 'a.txt' },
    { type: 'local_shell_call', call_id: 'call_l', status: 'completed', action: { type: 'exec', command: ['pwd'] } },
    { type: 'function_call_output', call_id: 'call_l', output: '/work' },
    { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'vitest' } },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Listed.' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Thanks' }] },
  ],
  tools: [
    {
      type: 'function',
      name: 'shell',
      description: 'Run',
      strict: false,
      parameters: { type: 'object', properties: { command: { type: 'array', items: { type: 'string' } } }, required: ['command'] },
    },
    { type: 'custom', name: 'apply_patch', description: 'Patch files', format: { type: 'grammar', syntax: 'lark', definition: 'start: begin_patch' } },
    { type: 'web_search' },
    { type: 'local_shell' },
  ],
  tool_choice: 'auto',
  parallel_tool_calls: true,
  reasoning: { effort: 'medium', summary: 'auto' },
  store: false,
  stream: true,
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: 'abc',
  text: { verbosity: 'low' },
};

const SHELL_SCHEMA = codexRequest.tools[0].parameters;
const PATCH_PARAMETERS = {
  type: 'object',
  properties: { input: { type: 'string', description: 'The raw input for this tool. It must follow this lark grammar:\nstart: begin_patch' } },
  required: ['input'],
  additionalProperties: false,
};

describe('request: Anthropic -> Chat', () => {
  it('converts system, images, tools, parallel calls, results with images, thinking and limits', () => {
    expect(anthropicRequestToChat(anthropicRequest)).toEqual({
      model: 'claude-sonnet-4',
      messages: [
        // A Claude model behind a Chat gateway keeps its cache breakpoint, so the system block stays a part of its own.
        {
          role: 'system',
          content: [
            { type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } },
            { type: 'text', text: 'Use tools.' },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBOR' } },
            { type: 'image_url', image_url: { url: 'https://example.com/y.jpg' } },
          ],
        },
        {
          role: 'assistant',
          content: 'Reading.',
          reasoning_content: 'I should read.',
          tool_calls: [
            { id: 'toolu_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.txt"}' } },
            { id: 'toolu_2', type: 'function', function: { name: 'list_dir', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: 'hello' },
        { role: 'tool', tool_call_id: 'toolu_2', content: 'a.txt' },
        {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/' } },
            { type: 'text', text: 'Go on.' },
          ],
        },
      ],
      tools: [
        { type: 'function', function: { name: 'read_file', description: 'Read a file', parameters: READ_SCHEMA } },
        { type: 'function', function: { name: 'list_dir', parameters: { type: 'object', properties: {} } } },
      ],
      tool_choice: 'auto',
      parallel_tool_calls: false,
      max_completion_tokens: 2048,
      temperature: 0.5,
      stop: ['END'],
      reasoning_effort: 'high',
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('uses max_tokens (not max_completion_tokens) without thinking, and no stream_options when not streaming', () => {
    const out = anthropicRequestToChat({ model: 'm', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
    expect(out).toEqual({ model: 'm', messages: [{ role: 'user', content: 'hi' }], max_tokens: 100 });
  });

  it('maps tool_choice any -> required, none -> none, named tool -> function', () => {
    const base = { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }], tools: [{ name: 't', input_schema: READ_SCHEMA }] };
    expect(anthropicRequestToChat({ ...base, tool_choice: { type: 'any' } }).tool_choice).toBe('required');
    expect(anthropicRequestToChat({ ...base, tool_choice: { type: 'none' } }).tool_choice).toBe('none');
    expect(anthropicRequestToChat({ ...base, tool_choice: { type: 'tool', name: 't' } }).tool_choice).toEqual({ type: 'function', function: { name: 't' } });
  });

  it('reads adaptive thinking with output_config.effort as that effort', () => {
    const out = anthropicRequestToChat({ model: 'm', max_tokens: 10, messages: [], thinking: { type: 'adaptive' }, output_config: { effort: 'low' } });
    expect(out.reasoning_effort).toBe('low');
  });
});

describe('request: Anthropic -> Responses', () => {
  it('converts to instructions, input items, strict-free function tools and reasoning effort; drops thinking and stop', () => {
    expect(anthropicRequestToResponses(anthropicRequest)).toEqual({
      model: 'claude-sonnet-4',
      store: false,
      instructions: 'You are terse.\n\nUse tools.',
      input: [
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is in these?' },
            { type: 'input_image', image_url: 'data:image/png;base64,iVBOR', detail: 'auto' },
            { type: 'input_image', image_url: 'https://example.com/y.jpg', detail: 'auto' },
          ],
        },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Reading.' }] },
        { type: 'function_call', call_id: 'toolu_1', name: 'read_file', arguments: '{"path":"a.txt"}' },
        { type: 'function_call', call_id: 'toolu_2', name: 'list_dir', arguments: '{}' },
        {
          type: 'function_call_output',
          call_id: 'toolu_1',
          output: [
            { type: 'input_text', text: 'hello' },
            { type: 'input_image', image_url: 'data:image/jpeg;base64,/9j/', detail: 'auto' },
          ],
        },
        { type: 'function_call_output', call_id: 'toolu_2', output: 'a.txt' },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Go on.' }] },
      ],
      tools: [
        { type: 'function', name: 'read_file', description: 'Read a file', parameters: READ_SCHEMA, strict: false },
        { type: 'function', name: 'list_dir', parameters: { type: 'object', properties: {} }, strict: false },
      ],
      tool_choice: 'auto',
      parallel_tool_calls: false,
      max_output_tokens: 2048,
      temperature: 0.5,
      reasoning: { effort: 'high' },
      stream: true,
    });
  });
});

describe('request: Chat -> Anthropic', () => {
  it('hoists system and developer text, merges tool messages into one user turn, sanitises ids and keeps bad arguments', () => {
    expect(chatRequestToAnthropic(chatRequest)).toEqual({
      model: 'gpt-4o',
      system: 'Be brief.\n\nPrefer tools.',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look' },
            { type: 'image', source: { type: 'base64', media_type: 'image/webp', data: 'UklG' } },
          ],
        },
        {
          // reasoning_content without an Anthropic signature is not sent as thinking.
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'functions_read_0', name: 'read', input: { p: 'a' } },
            { type: 'tool_use', id: 'call_2', name: 'read', input: { raw_arguments: '{"p":' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'functions_read_0', content: 'A' },
            { type: 'tool_result', tool_use_id: 'call_2', content: 'B' },
            { type: 'text', text: 'Summarise' },
          ],
        },
      ],
      max_tokens: 1000,
      stop_sequences: ['STOP'],
      temperature: 0.2,
      tools: [
        { name: 'read', description: 'Read', input_schema: { type: 'object', properties: { p: { type: 'string' } } } },
        { name: 'noargs', input_schema: { type: 'object', properties: {} } },
      ],
      // Forced tool use and thinking cannot go together: thinking is left out.
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      stream: true,
    });
  });

  it('turns reasoning effort into a thinking budget, adds room to max_tokens and drops sampling settings', () => {
    const out = chatRequestToAnthropic({ model: 'm', messages: [{ role: 'user', content: 'hi' }], reasoning_effort: 'medium', temperature: 0.3, top_p: 0.9 });
    expect(out).toEqual({ model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], max_tokens: 16384, thinking: { type: 'enabled', budget_tokens: 8192 } });
  });

  it('keeps the thinking budget below an explicit max_tokens, and leaves thinking out when it would fall under 1024', () => {
    const base = { model: 'm', messages: [{ role: 'user', content: 'hi' }], reasoning_effort: 'low' };
    expect(chatRequestToAnthropic({ ...base, max_tokens: 2000 }).thinking).toEqual({ type: 'enabled', budget_tokens: 1999 });
    expect(chatRequestToAnthropic({ ...base, max_tokens: 1000 }).thinking).toBeUndefined();
  });

  it('leaves thinking out while a tool loop runs whose last assistant turn has no signed thinking', () => {
    const out = chatRequestToAnthropic({
      model: 'm',
      reasoning_effort: 'high',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: null, reasoning_content: 'unsigned', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'ls', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'x' },
      ],
    });
    expect(out.thinking).toBeUndefined();
    expect(out.max_tokens).toBe(8192);
  });

  it('maps tool_choice none and a named function, and a tool-less schema gets empty properties', () => {
    const base = { model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function', function: { name: 't', parameters: { type: 'object' } } }] };
    expect(chatRequestToAnthropic({ ...base, tool_choice: 'none' }).tool_choice).toEqual({ type: 'none' });
    const named = chatRequestToAnthropic({ ...base, tool_choice: { type: 'function', function: { name: 't' } } });
    expect(named.tool_choice).toEqual({ type: 'tool', name: 't' });
    expect(named.tools).toEqual([{ name: 't', input_schema: { type: 'object', properties: {} } }]);
  });
});

describe('request: whitespace-only text to Anthropic', () => {
  // Anthropic answers 400 "text content blocks must contain non-whitespace text"; in a replayed
  // history that would fail every later turn.
  it('a whitespace-only text part is left out, and a message with nothing else is dropped', () => {
    const converted = chatRequestToAnthropic({
      model: 'm',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: '\n\n' },
        { role: 'user', content: [{ type: 'text', text: '  ' }, { type: 'text', text: 'Still there?' }] },
      ],
    });
    expect(converted.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hi' }, { type: 'text', text: 'Still there?' }] }]);
  });
});

describe('request: Chat -> Responses', () => {
  it('leading system text becomes instructions; calls, outputs, images, format and effort map to Responses', () => {
    expect(chatRequestToResponses(chatRequest)).toEqual({
      model: 'gpt-4o',
      store: false,
      instructions: 'Be brief.\n\nPrefer tools.',
      input: [
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'Look' },
            { type: 'input_image', image_url: 'data:image/webp;base64,UklG', detail: 'auto' },
          ],
        },
        { type: 'function_call', call_id: 'functions.read:0', name: 'read', arguments: '{"p":"a"}' },
        { type: 'function_call', call_id: 'call_2', name: 'read', arguments: '{"p":' },
        { type: 'function_call_output', call_id: 'functions.read:0', output: 'A' },
        { type: 'function_call_output', call_id: 'call_2', output: 'B' },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Summarise' }] },
      ],
      tools: [
        { type: 'function', name: 'read', description: 'Read', parameters: { type: 'object', properties: { p: { type: 'string' } } }, strict: false },
        { type: 'function', name: 'noargs', parameters: { type: 'object', properties: {} }, strict: false },
      ],
      tool_choice: 'required',
      parallel_tool_calls: false,
      max_output_tokens: 1000,
      temperature: 0.2,
      reasoning: { effort: 'low' },
      text: { format: { type: 'json_object' } },
      stream: true,
    });
  });

  it('a system message after the conversation started stays in place as a developer message', () => {
    const out = chatRequestToResponses({
      model: 'm',
      messages: [
        { role: 'user', content: 'a' },
        { role: 'system', content: 'late rule' },
      ],
    });
    expect(out.input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'a' }] },
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'late rule' }] },
    ]);
    expect(out.instructions).toBeUndefined();
  });

  it('json_schema response_format becomes text.format', () => {
    const schema = { type: 'object', properties: { a: { type: 'number' } } };
    const out = chatRequestToResponses({ model: 'm', messages: [], response_format: { type: 'json_schema', json_schema: { name: 'r', schema, strict: true } } });
    expect(out.text).toEqual({ format: { type: 'json_schema', name: 'r', schema, strict: true } });
  });
});

describe('request: Responses -> Anthropic', () => {
  it('converts a Codex request: instructions + developer text, signed reasoning, custom apply_patch, hosted tools and Codex fields dropped', () => {
    expect(responsesRequestToAnthropic(codexRequest)).toEqual({
      model: 'gpt-5-codex',
      system: 'You are Codex.\n\n<permissions>',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Add a file' }] },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Plan', signature: 'SIG' },
            { type: 'tool_use', id: 'call_p', name: 'apply_patch', input: { input: PATCH } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_p', content: 'Done' }] },
        // The reasoning item with OpenAI's own encrypted content is never passed off as a signature.
        { role: 'assistant', content: [{ type: 'tool_use', id: 'call_s', name: 'shell', input: { command: ['ls'] } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_s', content: 'a.txt' }] },
        // Codex's built-in shell call stays a call, so the output that answers it is not an orphan.
        { role: 'assistant', content: [{ type: 'tool_use', id: 'call_l', name: 'local_shell', input: { type: 'exec', command: ['pwd'] } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_l', content: '/work' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Listed.' }] },
        { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
      ],
      max_tokens: 16384,
      tools: [
        { name: 'shell', description: 'Run', input_schema: SHELL_SCHEMA },
        { name: 'apply_patch', description: 'Patch files', input_schema: PATCH_PARAMETERS },
      ],
      tool_choice: { type: 'auto' },
      thinking: { type: 'enabled', budget_tokens: 8192 },
      stream: true,
    });
  });

  it("tools in one of Codex's namespaces travel under a qualified name, and a call to one in the history keeps it", () => {
    const request = {
      model: 'm',
      tools: [
        { type: 'namespace', name: 'multi_agent_v1', description: 'Sub-agents', tools: [{ type: 'function', name: 'close_agent', description: 'Close', parameters: { type: 'object', properties: { target: { type: 'string' } } } }] },
      ],
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Stop it' }] },
        { type: 'function_call', call_id: 'call_c', name: 'close_agent', namespace: 'multi_agent_v1', arguments: '{"target":"a1"}' },
        { type: 'function_call_output', call_id: 'call_c', output: 'closed' },
      ],
    };
    const out = responsesRequestToAnthropic(request);
    expect(out.tools).toEqual([{ name: 'multi_agent_v1__close_agent', description: 'Close', input_schema: { type: 'object', properties: { target: { type: 'string' } } } }]);
    expect(out.messages).toContainEqual({ role: 'assistant', content: [{ type: 'tool_use', id: 'call_c', name: 'multi_agent_v1__close_agent', input: { target: 'a1' } }] });
    expect((responsesRequestToChat(request).tools as Array<{ function: { name: string } }>).map((t) => t.function.name)).toEqual(['multi_agent_v1__close_agent']);
  });

  it('a bare-string input is one user message', () => {
    expect(responsesRequestToAnthropic({ model: 'm', input: 'hello', max_output_tokens: 50 })).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }],
      max_tokens: 50,
    });
  });

  it('carried redacted thinking returns to Anthropic as redacted_thinking', () => {
    const out = responsesRequestToAnthropic({
      model: 'm',
      input: [
        { role: 'user', content: 'q' },
        { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'anthropic-redacted-thinking:OPAQUE' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'a' }] },
      ],
    });
    expect(out.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'q' }] },
      {
        role: 'assistant',
        content: [
          { type: 'redacted_thinking', data: 'OPAQUE' },
          { type: 'text', text: 'a' },
        ],
      },
    ]);
  });

  it('a tool output with text and an image becomes a tool_result holding both blocks', () => {
    const out = responsesRequestToAnthropic({
      model: 'm',
      input: [
        { type: 'function_call', call_id: 'c1', name: 'screenshot', arguments: '{}' },
        {
          type: 'function_call_output',
          call_id: 'c1',
          output: [
            { type: 'input_text', text: 'Here:' },
            { type: 'input_image', image_url: 'https://example.com/s.png' },
          ],
        },
      ],
    });
    expect(out.messages).toEqual([
      { role: 'assistant', content: [{ type: 'tool_use', id: 'c1', name: 'screenshot', input: {} }] },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'c1',
            content: [
              { type: 'text', text: 'Here:' },
              { type: 'image', source: { type: 'url', url: 'https://example.com/s.png' } },
            ],
          },
        ],
      },
    ]);
  });

  it('previous_response_id cannot be converted: an invalid_input error with a sentence saying what to do', () => {
    let error: unknown;
    try {
      convertRequest('responses', 'anthropic', { model: 'm', input: 'x', previous_response_id: 'resp_1' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SwitchboardError);
    expect((error as SwitchboardError).code).toBe('invalid_input');
    expect((error as SwitchboardError).message).toMatch(/^previous_response_id cannot be used through this provider: .* Send the whole conversation in `input` \(store: false\) instead\.$/);
  });
});

describe('request: Responses -> Chat', () => {
  it('converts a Codex request: custom tool as a one-string function, reasoning summary as reasoning_content, usage requested', () => {
    expect(responsesRequestToChat(codexRequest)).toEqual({
      model: 'gpt-5-codex',
      messages: [
        { role: 'system', content: 'You are Codex.' },
        { role: 'system', content: '<permissions>' },
        { role: 'user', content: 'Add a file' },
        {
          role: 'assistant',
          content: null,
          reasoning_content: 'Plan',
          tool_calls: [{ id: 'call_p', type: 'function', function: { name: 'apply_patch', arguments: JSON.stringify({ input: PATCH }) } }],
        },
        { role: 'tool', tool_call_id: 'call_p', content: 'Done' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_s', type: 'function', function: { name: 'shell', arguments: '{"command":["ls"]}' } }] },
        { role: 'tool', tool_call_id: 'call_s', content: 'a.txt' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_l', type: 'function', function: { name: 'local_shell', arguments: '{"type":"exec","command":["pwd"]}' } }] },
        { role: 'tool', tool_call_id: 'call_l', content: '/work' },
        { role: 'assistant', content: 'Listed.' },
        { role: 'user', content: 'Thanks' },
      ],
      tools: [
        { type: 'function', function: { name: 'shell', description: 'Run', parameters: SHELL_SCHEMA } },
        { type: 'function', function: { name: 'apply_patch', description: 'Patch files', parameters: PATCH_PARAMETERS } },
      ],
      tool_choice: 'auto',
      parallel_tool_calls: true,
      reasoning_effort: 'medium',
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('a tool output holding an image becomes a tool message plus a user message with the image', () => {
    const out = responsesRequestToChat({
      model: 'm',
      input: [
        { type: 'function_call', call_id: 'c1', name: 'view_image', arguments: '{"path":"s.png"}' },
        { type: 'function_call_output', call_id: 'c1', output: [{ type: 'input_image', image_url: 'data:image/png;base64,AAAA' }] },
      ],
    });
    expect(out.messages).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'view_image', arguments: '{"path":"s.png"}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: '(The tool returned the image(s) in the next message.)' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
    ]);
  });

  it('a named custom tool choice becomes a named function choice; xhigh effort becomes high', () => {
    const out = responsesRequestToChat({ model: 'm', input: 'x', tools: codexRequest.tools, tool_choice: { type: 'custom', name: 'apply_patch' }, reasoning: { effort: 'xhigh' } });
    expect([out.tool_choice, out.reasoning_effort]).toEqual([{ type: 'function', function: { name: 'apply_patch' } }, 'high']);
  });
});

describe('request: same protocol', () => {
  it('passes the body through untouched', () => {
    expect(convertRequest('chat', 'chat', chatRequest)).toBe(chatRequest);
  });
});

describe('prompt-caching breakpoints across protocols', () => {
  const cached = {
    model: 'claude-sonnet-4-5',
    max_tokens: 100,
    system: [{ type: 'text', text: 'Big stable prompt', cache_control: { type: 'ephemeral', ttl: '1h' } }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Long document', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'Question?' }] }],
  };

  it('Anthropic to Chat keeps cache_control for a Claude model', () => {
    const out = anthropicRequestToChat(cached) as { messages: unknown[] };
    expect(out.messages).toEqual([
      { role: 'system', content: [{ type: 'text', text: 'Big stable prompt', cache_control: { type: 'ephemeral', ttl: '1h' } }] },
      { role: 'user', content: [{ type: 'text', text: 'Long document', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'Question?' }] },
    ]);
  });

  it('drops it for any other model, which may refuse an unknown field', () => {
    const out = anthropicRequestToChat({ ...cached, model: 'gpt-5.4' }) as { messages: unknown[] };
    expect(out.messages).toEqual([
      { role: 'system', content: 'Big stable prompt' },
      { role: 'user', content: [{ type: 'text', text: 'Long document' }, { type: 'text', text: 'Question?' }] },
    ]);
  });

  it('Chat (OpenRouter style) to Anthropic carries the breakpoints into blocks', () => {
    const chat = {
      model: 'claude-sonnet-4-5',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Big stable prompt', cache_control: { type: 'ephemeral' } }] },
        { role: 'user', content: 'Question?' },
      ],
    };
    const out = chatRequestToAnthropic(chat) as { system: unknown; messages: unknown[] };
    expect(out.system).toEqual([{ type: 'text', text: 'Big stable prompt', cache_control: { type: 'ephemeral' } }]);
    expect(out.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Question?' }] }]);
  });

  it('a system prompt without breakpoints stays one string', () => {
    const out = chatRequestToAnthropic({ model: 'claude-x', messages: [{ role: 'system', content: 'Plain' }, { role: 'user', content: 'Hi' }] }) as { system: unknown };
    expect(out.system).toBe('Plain');
  });
});

describe('PDF documents across protocols', () => {
  const PDF_DATA = 'JVBERi0xLjQK';
  const PDF_DATA_URL = `data:application/pdf;base64,${PDF_DATA}`;
  const PAPER_URL = 'https://example.com/paper.pdf';
  const FILE_NOTE = '(The tool returned the file(s) in the next message.)';
  const URL_NOTE = `[Document at ${PAPER_URL}: not attached, this API cannot receive files by URL.]`;

  /** Claude Code style: a PDF the user attached (base64, titled, cached), one by URL, and one its Read tool returned. */
  const anthropicPdf = {
    model: 'claude-sonnet-4',
    max_tokens: 100,
    messages: [
      {
        role: 'user',
        content: [
          { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF_DATA }, title: 'spec.pdf', cache_control: { type: 'ephemeral' } },
          { type: 'document', source: { type: 'url', url: PAPER_URL } },
          { type: 'text', text: 'Compare these.' },
        ],
      },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: 'r.pdf' } }] },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF_DATA } }] }],
      },
    ],
  };

  /** A Chat client: file_data as a data URL, a file_id (cannot be carried), and a tool message holding a file in bare base64. */
  const chatPdf = {
    model: 'gpt-4o',
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Read this' },
          { type: 'file', file: { filename: 'spec.pdf', file_data: PDF_DATA_URL } },
          { type: 'file', file: { file_id: 'file-abc' } },
        ],
      },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read', arguments: '{"p":"r.pdf"}' } }] },
      {
        role: 'tool',
        tool_call_id: 'call_1',
        content: [
          { type: 'text', text: 'Here:' },
          { type: 'file', file: { filename: 'r.pdf', file_data: PDF_DATA } },
        ],
      },
    ],
  };

  /** A Responses client: input_file by data, by URL and by id (dropped), and one in a function_call_output. */
  const responsesPdf = {
    model: 'gpt-5',
    input: [
      {
        role: 'user',
        content: [
          { type: 'input_text', text: 'Read' },
          { type: 'input_file', filename: 'spec.pdf', file_data: PDF_DATA_URL },
          { type: 'input_file', file_url: PAPER_URL },
          { type: 'input_file', file_id: 'file-abc' },
        ],
      },
      { type: 'function_call', call_id: 'c1', name: 'read', arguments: '{"p":"r.pdf"}' },
      { type: 'function_call_output', call_id: 'c1', output: [{ type: 'input_file', filename: 'r.pdf', file_data: PDF_DATA_URL }] },
    ],
  };

  it('Anthropic -> Chat: a base64 document becomes a file part, a URL one a text naming it, a tool-result one follows the tool message', () => {
    expect(anthropicRequestToChat(anthropicPdf).messages).toEqual([
      {
        role: 'user',
        content: [
          // OpenAI wants a filename beside file_data: the title, else one matching the type.
          { type: 'file', file: { filename: 'spec.pdf', file_data: PDF_DATA_URL } },
          { type: 'text', text: URL_NOTE },
          { type: 'text', text: 'Compare these.' },
        ],
      },
      { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'Read', arguments: '{"file_path":"r.pdf"}' } }] },
      { role: 'tool', tool_call_id: 'toolu_1', content: FILE_NOTE },
      { role: 'user', content: [{ type: 'file', file: { filename: 'document.pdf', file_data: PDF_DATA_URL } }] },
    ]);
  });

  it('Anthropic -> Responses: documents become input_file by file_data or file_url, also inside a function_call_output', () => {
    expect(anthropicRequestToResponses(anthropicPdf).input).toEqual([
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_file', filename: 'spec.pdf', file_data: PDF_DATA_URL },
          { type: 'input_file', file_url: PAPER_URL },
          { type: 'input_text', text: 'Compare these.' },
        ],
      },
      { type: 'function_call', call_id: 'toolu_1', name: 'Read', arguments: '{"file_path":"r.pdf"}' },
      { type: 'function_call_output', call_id: 'toolu_1', output: [{ type: 'input_file', filename: 'document.pdf', file_data: PDF_DATA_URL }] },
    ]);
  });

  it('Chat -> Anthropic: file parts become base64 documents titled by filename; file_id is dropped; bare base64 is read as a PDF', () => {
    expect(chatRequestToAnthropic(chatPdf).messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Read this' },
          { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF_DATA }, title: 'spec.pdf' },
        ],
      },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'read', input: { p: 'r.pdf' } }] },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'call_1',
            content: [
              { type: 'text', text: 'Here:' },
              { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF_DATA }, title: 'r.pdf' },
            ],
          },
        ],
      },
    ]);
  });

  it('Chat -> Responses: file parts become input_file, in the user message and in the function_call_output', () => {
    expect(chatRequestToResponses(chatPdf).input).toEqual([
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_text', text: 'Read this' },
          { type: 'input_file', filename: 'spec.pdf', file_data: PDF_DATA_URL },
        ],
      },
      { type: 'function_call', call_id: 'call_1', name: 'read', arguments: '{"p":"r.pdf"}' },
      {
        type: 'function_call_output',
        call_id: 'call_1',
        output: [
          { type: 'input_text', text: 'Here:' },
          { type: 'input_file', filename: 'r.pdf', file_data: PDF_DATA_URL },
        ],
      },
    ]);
  });

  it('Responses -> Anthropic: input_file by data and by URL become documents, file_id is dropped, a tool output keeps its document', () => {
    expect(responsesRequestToAnthropic(responsesPdf).messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Read' },
          { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF_DATA }, title: 'spec.pdf' },
          { type: 'document', source: { type: 'url', url: PAPER_URL } },
        ],
      },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'c1', name: 'read', input: { p: 'r.pdf' } }] },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'c1',
            content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF_DATA }, title: 'r.pdf' }],
          },
        ],
      },
    ]);
  });

  it('Responses -> Chat: input_file becomes a file part (a URL one a text), a tool output file follows the tool message', () => {
    expect(responsesRequestToChat(responsesPdf).messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Read' },
          { type: 'file', file: { filename: 'spec.pdf', file_data: PDF_DATA_URL } },
          { type: 'text', text: URL_NOTE },
        ],
      },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read', arguments: '{"p":"r.pdf"}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: FILE_NOTE },
      { role: 'user', content: [{ type: 'file', file: { filename: 'r.pdf', file_data: PDF_DATA_URL } }] },
    ]);
  });

  it('a plain-text Anthropic document still reads as text; Files API and content sources are left out', () => {
    const out = anthropicRequestToChat({
      model: 'm',
      max_tokens: 10,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'notes' } },
            { type: 'document', source: { type: 'file', file_id: 'file_01' } },
            { type: 'text', text: 'Go' },
          ],
        },
      ],
    });
    expect(out.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'notes' }, { type: 'text', text: 'Go' }] }]);
  });

  it('a text file from an OpenAI client reaches Anthropic as a plain-text document (Anthropic takes base64 only for PDFs)', () => {
    const out = responsesRequestToAnthropic({
      model: 'm',
      input: [{ role: 'user', content: [{ type: 'input_file', filename: 'notes.txt', file_data: `data:text/plain;base64,${Buffer.from('héllo').toString('base64')}` }] }],
    });
    expect(out.messages).toEqual([{ role: 'user', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'héllo' }, title: 'notes.txt' }] }]);
  });
});

describe('text documents to Chat', () => {
  it('are read into the message, since Chat takes only PDFs as files', () => {
    const body = {
      model: 'gpt-5.4',
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_file', filename: 'notes.txt', file_data: `data:text/plain;base64,${Buffer.from('line one').toString('base64')}` }] }],
    };
    const out = convertRequest('responses', 'chat', body) as { messages: { content: unknown }[] };
    expect(out.messages.at(-1)!.content).toEqual([{ type: 'text', text: 'notes.txt:\nline one' }]);
  });
});
