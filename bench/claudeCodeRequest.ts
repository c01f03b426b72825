// A Claude Code-sized Messages API request (about 125 KB of JSON), built from the public Messages
// API shape: a system prompt in text blocks with cache_control, the tool list a coding agent
// declares, and a multi-turn history of tool_use / tool_result blocks. The files the agent "read"
// are this repository's own sources, so the text is real code, not filler.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './processes';

const TARGET_BYTES = 125 * 1024;

type Schema = Record<string, unknown>;
const str = (description: string): Schema => ({ type: 'string', description });
const num = (description: string): Schema => ({ type: 'number', description });
const bool = (description: string): Schema => ({ type: 'boolean', description });
const object = (properties: Record<string, Schema>, required: string[]): Schema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
  $schema: 'http://json-schema.org/draft-07/schema#',
});

function tool(name: string, description: string, input_schema: Schema) {
  return { name, description, input_schema };
}

const usageNotes = (what: string) =>
  `\n\nUsage notes:\n- ${what}\n- Prefer this tool over shell equivalents: its output is structured and its permissions are checked once.\n- When several independent calls are needed, issue them in one message so they run in parallel.\n- Paths must be absolute; a relative path is rejected with an error that names the working directory.\n- Output longer than 30000 characters is truncated; narrow the request rather than paging through it.`;

const TOOLS = [
  tool('Task', `Launches a sub-agent that works on its own to finish a multi-step task: searching a large codebase, researching a question across many files, or running a sequence of commands whose intermediate output the main conversation does not need. The agent returns one final message.${usageNotes('Describe the task completely: the agent sees none of this conversation. Say whether it should write code or only research.')}`, object({ description: str('A short (3-5 word) description of the task'), prompt: str('The task for the agent to perform'), subagent_type: str('The type of specialised agent to use for this task') }, ['description', 'prompt', 'subagent_type'])),
  tool('Bash', `Executes a bash command in a persistent shell session with an optional timeout, with proper handling and security measures. Before running a command that creates files or folders, verify the parent folder exists with LS. Always quote paths that contain spaces. Avoid find, grep, cat, head, tail and ls: use Glob, Grep, Read and LS instead. Commit only when the user asks; never push, never change git config, never use interactive flags such as -i.${usageNotes('The command argument is required; timeout is in milliseconds, up to 600000 (10 minutes), 120000 by default.')}`, object({ command: str('The command to execute'), timeout: num('Optional timeout in milliseconds (max 600000)'), description: str('Clear, concise description of what this command does in 5-10 words'), run_in_background: bool('Set to true to run this command in the background; read its output later with BashOutput') }, ['command'])),
  tool('Glob', `Fast file pattern matching that works with any codebase size. Supports glob patterns like "**/*.js" or "src/**/*.ts" and returns matching file paths sorted by modification time. Use it to find files by name patterns; for open-ended searches that may need several rounds of globbing and grepping, use the Task tool instead.${usageNotes('Omit path to search the current working directory; do not pass "undefined" or "null".')}`, object({ pattern: str('The glob pattern to match files against'), path: str('The directory to search in. Defaults to the current working directory.') }, ['pattern'])),
  tool('Grep', `A powerful search tool built on ripgrep. Supports full regular expression syntax ("log.*Error", "function\\\\s+\\\\w+"), filtering files with the glob parameter or by type, and three output modes: "content" shows matching lines, "files_with_matches" shows only file paths (the default), "count" shows match counts. Pattern syntax follows ripgrep, not grep: literal braces need escaping. Multiline matching is off by default.${usageNotes('Always use Grep for search tasks; never invoke grep or rg as a Bash command.')}`, object({ pattern: str('The regular expression pattern to search for in file contents'), path: str('File or directory to search in (rg PATH). Defaults to the current working directory.'), glob: str('Glob pattern to filter files (e.g. "*.js", "*.{ts,tsx}")'), output_mode: { type: 'string', enum: ['content', 'files_with_matches', 'count'], description: 'Output mode' }, '-B': num('Number of lines to show before each match'), '-A': num('Number of lines to show after each match'), '-C': num('Number of lines to show before and after each match'), '-n': bool('Show line numbers in output'), '-i': bool('Case insensitive search'), type: str('File type to search (rg --type), e.g. js, py, rust, go'), head_limit: num('Limit output to the first N lines or entries'), multiline: bool('Enable multiline mode where . matches newlines') }, ['pattern'])),
  tool('LS', `Lists files and directories in a given path. The path must be absolute. Optionally ignore glob patterns. Prefer Glob and Grep when you know which files you are looking for.${usageNotes('Hidden files are listed; node_modules and .git are not descended into.')}`, object({ path: str('The absolute path to the directory to list'), ignore: { type: 'array', items: { type: 'string' }, description: 'List of glob patterns to ignore' } }, ['path'])),
  tool('ExitPlanMode', `Use this tool when you are in plan mode and have finished presenting your plan and are ready to code. This prompts the user to exit plan mode. Only use it when the task requires planning the implementation steps of a task that needs writing code; for research tasks, do not use it.`, object({ plan: str('The plan you came up with, that you want to run by the user for approval. Supports markdown.') }, ['plan'])),
  tool('Read', `Reads a file from the local filesystem. By default it reads up to 2000 lines from the start of the file; pass offset and limit for long files. Lines longer than 2000 characters are truncated. Results come in cat -n format, line numbers starting at 1. Images are shown visually; PDFs are read page by page; Jupyter notebooks return all cells with their outputs. Reading a file that does not exist returns an error, which is fine: it is often useful to check.${usageNotes('Read a file before editing it: Edit and Write refuse files not read in this conversation.')}`, object({ file_path: str('The absolute path to the file to read'), offset: num('The line number to start reading from'), limit: num('The number of lines to read') }, ['file_path'])),
  tool('Edit', `Performs exact string replacements in files. old_string must match the file exactly, including indentation as it appears after the line-number prefix of Read's output; the edit fails when old_string is not unique unless replace_all is set. Keep edits minimal and make sure the result compiles; prefer editing existing files to creating new ones.${usageNotes('Use replace_all to rename a variable throughout a file.')}`, object({ file_path: str('The absolute path to the file to modify'), old_string: str('The text to replace'), new_string: str('The text to replace it with (must be different from old_string)'), replace_all: { type: 'boolean', default: false, description: 'Replace all occurrences of old_string (default false)' } }, ['file_path', 'old_string', 'new_string'])),
  tool('MultiEdit', `Makes several edits to one file in one operation, applied in order, each to the result of the previous one; either all succeed or none is applied. Prefer it over Edit when changing several places of the same file.${usageNotes('Plan the edits so an earlier one does not change the text a later one looks for.')}`, object({ file_path: str('The absolute path to the file to modify'), edits: { type: 'array', minItems: 1, description: 'Array of edit operations to perform sequentially on the file', items: object({ old_string: str('The text to replace'), new_string: str('The text to replace it with'), replace_all: { type: 'boolean', default: false, description: 'Replace all occurrences of old_string (default false)' } }, ['old_string', 'new_string']) } }, ['file_path', 'edits'])),
  tool('Write', `Writes a file to the local filesystem, overwriting the file at the path if there is one. An existing file must have been read first. Never create documentation files unless asked; never add emojis unless asked.${usageNotes('Prefer Edit for changes to existing files: it sends only the difference.')}`, object({ file_path: str('The absolute path to the file to write (must be absolute, not relative)'), content: str('The content to write to the file') }, ['file_path', 'content'])),
  tool('NotebookEdit', `Replaces the contents of one cell of a Jupyter notebook (.ipynb), inserts a new cell at an index, or deletes one. Cell numbers start at 0.${usageNotes('edit_mode defaults to replace; insert needs cell_type.')}`, object({ notebook_path: str('The absolute path to the Jupyter notebook file to edit'), cell_id: str('The ID of the cell to edit'), new_source: str('The new source for the cell'), cell_type: { type: 'string', enum: ['code', 'markdown'], description: 'The type of the cell' }, edit_mode: { type: 'string', enum: ['replace', 'insert', 'delete'], description: 'The type of edit to make' } }, ['notebook_path', 'new_source'])),
  tool('WebFetch', `Fetches content from a URL and processes it with a prompt using a small, fast model; returns the model's answer about the content. HTTP URLs are upgraded to HTTPS; HTML is converted to markdown; results are cached for 15 minutes. When a URL redirects to another host, the tool says so and gives the redirect URL to fetch in a new request.${usageNotes('The tool is read-only and does not modify any files.')}`, object({ url: { type: 'string', format: 'uri', description: 'The URL to fetch content from' }, prompt: str('The prompt to run on the fetched content') }, ['url', 'prompt'])),
  tool('TodoWrite', `Creates and manages a structured task list for the current session: it tracks progress, organises complex tasks and shows the user that the request is handled thoroughly. Use it for tasks of three or more steps, when the user gives several tasks, and right after receiving new instructions. Mark a task in_progress before starting it and completed as soon as it is done; keep exactly one task in progress at a time.${usageNotes('Do not use it for a single trivial task or for purely conversational requests.')}`, object({ todos: { type: 'array', description: 'The updated todo list', items: object({ content: { type: 'string', minLength: 1 }, status: { type: 'string', enum: ['pending', 'in_progress', 'completed'] }, activeForm: { type: 'string', minLength: 1 } }, ['content', 'status', 'activeForm']) } }, ['todos'])),
  tool('WebSearch', `Searches the web and uses the results to inform responses, giving up-to-date information for current events and recent data beyond the training cut-off. Results come back as search result blocks with titles and URLs.${usageNotes('Domain filtering is supported to include or block specific websites.')}`, object({ query: { type: 'string', minLength: 2, description: 'The search query to use' }, allowed_domains: { type: 'array', items: { type: 'string' }, description: 'Only include search results from these domains' }, blocked_domains: { type: 'array', items: { type: 'string' }, description: 'Never include search results from these domains' } }, ['query'])),
  tool('BashOutput', `Retrieves output from a running or completed background bash shell: only the output written since the last check, plus the shell's status.${usageNotes('Use it to monitor long-running shells started with run_in_background.')}`, object({ bash_id: str('The ID of the background shell to retrieve output from'), filter: str('Optional regular expression to filter the output lines') }, ['bash_id'])),
  tool('KillShell', `Kills a running background bash shell by its ID and reports success or failure.${usageNotes('Shell IDs are listed by the /bashes command.')}`, object({ shell_id: str('The ID of the background shell to kill') }, ['shell_id'])),
  tool('SlashCommand', `Executes a slash command within the main conversation, for custom commands the user defined in their project. Only commands listed as available may be run; do not invoke a command that is already running.${usageNotes('Pass the command with its arguments, for example "/review-pr 123".')}`, object({ command: str('The slash command to execute with its arguments, e.g. "/review-pr 123"') }, ['command'])),
];

const INTRO = `You are an interactive command-line agent that helps users with software engineering tasks. Use the instructions below and the tools available to you to assist the user.

Refuse to write or explain code that may be used maliciously. Never guess URLs for the user unless you are confident they help with programming.

# Tone and style
Be concise, direct and to the point. Your output is shown in a terminal in a monospace font and rendered as CommonMark. Answer in fewer than four lines unless the user asks for detail, not counting tool use or generated code. Do not add preamble or postamble such as explaining your code or summarising what you did, unless asked. Only use emojis if the user explicitly asks for it.

# Proactiveness
Do what the user asks, including reasonable follow-up actions, but do not surprise the user with actions they did not ask for. When asked how to approach something, answer the question before taking action.

# Following conventions
When changing files, first understand the file's code conventions. Mimic code style, use existing libraries and utilities, and follow existing patterns. Never assume a library is available: check that the codebase already uses it (package.json, neighbouring files, imports). When creating a component, look at existing components first. Follow security best practices; never introduce code that exposes or logs secrets and keys, and never commit secrets to the repository. Do not add comments unless asked.

# Task management
Use the TodoWrite tool very frequently to plan tasks and to give the user visibility of your progress. Mark todos completed as soon as they are done; do not batch several tasks before marking them completed.

# Doing tasks
1. Use the search tools extensively, in parallel and sequentially, to understand the codebase and the user's query.
2. Implement the solution using all tools available to you.
3. Verify the solution with the project's tests if possible; never assume a test framework or test script, check the README or search the codebase.
4. When you have completed a task, run the lint and typecheck commands (npm run lint, npm run typecheck, ruff and the like) to ensure your code is correct.
NEVER commit changes unless the user explicitly asks you to.

# Tool usage policy
When doing file search, prefer the Task tool to reduce context usage. When several independent pieces of information are requested, batch your tool calls together for optimal performance: when making several bash calls, send one message with several tool calls to run them in parallel.

# Code references
When referencing specific functions or pieces of code include the pattern file_path:line_number so the user can navigate to the source location.

<env>
Working directory: /home/dev/switchboard
Is directory a git repo: Yes
Platform: linux
OS Version: Linux 6.8.0-49-generic
Today's date: 2026-12-01
</env>
You are powered by the model named bench. The exact model ID is bench-deltas-500.

gitStatus: This is the git status at the start of the conversation.
Current branch: main
Main branch (you will usually use this for PRs): main
Status:
 M electron/core/proxy/streamRelay.ts
?? bench/notes.md
`;

const SOURCES = [
  'electron/core/proxy/handler.ts',
  'electron/core/proxy/forward.ts',
  'electron/core/proxy/attempt.ts',
  'electron/core/proxy/streamRelay.ts',
  'electron/core/proxy/protocols/convert.ts',
  'electron/core/proxy/protocols/sse.ts',
  'electron/core/proxy/protocols/streamLifecycle.ts',
  'electron/core/proxy/breaker.ts',
  'electron/core/proxy/retryRules.ts',
  'electron/core/usage/ledger.ts',
  'electron/core/usage/record.ts',
  'electron/core/store/cachedView.ts',
  'electron/core/routes/service.ts',
  'electron/core/proxy/keyHealth.ts',
  'electron/core/proxy/upstreamProtocol.ts',
  'electron/core/proxy/readBody.ts',
  'electron/core/proxy/protocols/anthropic/request.ts',
  'electron/core/proxy/protocols/chat/request.ts',
  'electron/core/proxy/protocols/chat/streamDecoder.ts',
  'electron/core/proxy/protocols/anthropic/streamEncoder.ts',
];

/** `cat -n` style, as a file-reading tool returns it. */
function numbered(text: string): string {
  return text
    .split('\n')
    .map((line, i) => `${String(i + 1).padStart(6)}\u2192${line}`)
    .join('\n');
}

let toolIds = 0;
const toolUseId = () => `toolu_01Bench${String(++toolIds).padStart(14, '0')}`;

/** The request body Claude Code would send on its next turn of a session that read the proxy's sources. */
export function claudeCodeRequest(model: string): Record<string, unknown> {
  toolIds = 0;
  const projectMemory = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').slice(0, 12_000);
  const request = {
    model,
    max_tokens: 32000,
    stream: true,
    temperature: 1,
    metadata: { user_id: 'user_bench_account__session_00000000-0000-4000-8000-000000000000' },
    system: [
      { type: 'text', text: 'You are Claude Code, an agentic coding tool for the terminal.', cache_control: { type: 'ephemeral' } },
      { type: 'text', text: `${INTRO}\n\n# Project instructions (CLAUDE.md)\n\n${projectMemory}`, cache_control: { type: 'ephemeral' } },
    ],
    tools: TOOLS,
    messages: [] as Record<string, unknown>[],
  };
  const messages = request.messages;
  messages.push({
    role: 'user',
    content: [
      { type: 'text', text: '<system-reminder>As you answer the user\'s questions, you can use the following context: the project instructions above.</system-reminder>' },
      { type: 'text', text: 'The streaming path of the proxy feels slow under load. Read the proxy sources, find where time goes per call and propose the smallest change that fixes it.' },
    ],
  });
  const todo = toolUseId();
  messages.push({
    role: 'assistant',
    content: [
      { type: 'text', text: "I'll start by planning the investigation, then read the proxy's request path." },
      { type: 'tool_use', id: todo, name: 'TodoWrite', input: { todos: [{ content: 'Read the proxy request path', status: 'in_progress', activeForm: 'Reading the proxy request path' }, { content: 'Find per-call costs', status: 'pending', activeForm: 'Finding per-call costs' }, { content: 'Propose a fix', status: 'pending', activeForm: 'Proposing a fix' }] } },
    ],
  });
  messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: todo, content: 'Todos have been modified successfully. Ensure that you continue to use the todo list to track your progress.' }] });
  const grep = toolUseId();
  messages.push({ role: 'assistant', content: [{ type: 'tool_use', id: grep, name: 'Grep', input: { pattern: 'relayStream|createSseParser', path: '/home/dev/switchboard/electron', output_mode: 'files_with_matches' } }] });
  messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: grep, content: 'Found 4 files\n/home/dev/switchboard/electron/core/proxy/attempt.ts\n/home/dev/switchboard/electron/core/proxy/streamRelay.ts\n/home/dev/switchboard/electron/core/proxy/protocols/sse.ts\n/home/dev/switchboard/electron/core/proxy/protocols/index.ts' }] });

  for (const file of SOURCES) {
    if (Buffer.byteLength(JSON.stringify(request)) >= TARGET_BYTES) break;
    const id = toolUseId();
    const filePath = `/home/dev/switchboard/${file}`;
    messages.push({ role: 'assistant', content: [{ type: 'text', text: `Reading ${file}.` }, { type: 'tool_use', id, name: 'Read', input: { file_path: filePath } }] });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: numbered(fs.readFileSync(path.join(ROOT, file), 'utf8')) }] });
  }
  // Trim the last file read so the body lands on the target size.
  const last = messages[messages.length - 1].content as { content: string }[];
  const excess = Buffer.byteLength(JSON.stringify(request)) - TARGET_BYTES;
  if (excess > 0) last[0].content = last[0].content.slice(0, Math.max(0, last[0].content.length - excess));
  const closing = messages[messages.length - 1].content as Record<string, unknown>[];
  closing.push({ type: 'text', text: 'Go on with the next step.', cache_control: { type: 'ephemeral' } });
  return request;
}
