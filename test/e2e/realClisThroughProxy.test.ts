/**
 * The real Claude Code and Codex CLIs, configured only by what `switchboard use --mode proxy`
 * wrote, talking through a running `switchboard serve` to a simulated gateway that speaks another
 * protocol. The gateway asks for a shell tool call, the CLI really runs it, and the gateway's
 * final answer quotes the command's output.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../fixtures/gateway';
import { freePort } from '../helpers/freePort';
import { runSwitchboard } from '../helpers/runCli';
import { startServeProcess, type ServeProcess } from '../helpers/serveProcess';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';
import type { Protocol } from '../../shared/schemas';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'node_modules/.bin');

/** The gateway's final answer: quotes the marker from the tool's output (Codex wraps it in metadata lines). */
const quoteMarker = (out: string) => `The command printed: ${/sb-marker-\S+/.exec(out)?.[0] ?? out.trim()}`;

interface ToolRun {
  code: number | null;
  output: string;
}

describe('real CLIs through the proxy, converted to the gateway protocol', () => {
  let t: TempEnv;
  let gateway: Gateway;
  let serve: ServeProcess | undefined;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    t = makeTempEnv();
  });
  afterEach(async () => {
    await serve?.stop();
    serve = undefined;
    await gateway?.close();
    t.cleanup();
  });

  async function sb(...args: string[]) {
    const r = await runSwitchboard(args, env);
    expect(r.stderr, `switchboard ${args.join(' ')}`).toBe('');
    expect(r.code).toBe(0);
    return r.stdout;
  }

  /** A gateway speaking only `protocols`, a provider for it, and `switchboard serve` on a free port. */
  async function setUp(protocols: Protocol[]) {
    gateway = await startGateway({ protocols, acceptAnyModel: true });
    env = { ...t.env, SWITCHBOARD_PORT: String(await freePort()), PATH: `${BIN}${path.delimiter}${process.env.PATH}` };
    await sb('provider', 'add', 'gw', '--base-url', gateway.url, '--key', gateway.apiKey, '--protocols', protocols.join(','));
    serve = await startServeProcess(env, Number(env.SWITCHBOARD_PORT));
  }

  function runTool(command: string, args: string[]): Promise<ToolRun> {
    return new Promise((resolve, reject) => {
      const proc = spawn(path.join(BIN, command), args, { cwd: t.root, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      proc.stdout!.on('data', (c) => (output += c));
      proc.stderr!.on('data', (c) => (output += c));
      const timer = setTimeout(() => proc.kill('SIGKILL'), 90_000);
      proc.on('error', reject);
      proc.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
  }

  function expectShellRoundTrip(marker: string, run: ToolRun, upstreamPath: string) {
    expect(run.output, run.output.slice(-3000)).toContain(`The command printed: ${marker}`);
    expect(run.code).toBe(0);
    const calls = gateway.requests.filter((r) => r.method === 'POST' && r.path.startsWith(upstreamPath));
    // one call asked for the tool, a later one carried its real output back
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.some((c) => JSON.stringify(c.body).includes(marker))).toBe(true);
    for (const c of calls) expect(c.headers.authorization).toBe(`Bearer ${gateway.apiKey}`);
  }

  it('Claude Code against a gateway that speaks only Chat Completions', async () => {
    await setUp(['chat']);
    await sb('use', 'gw', '--client', 'claude', '--mode', 'proxy', '--model', 'gpt-5.4', '--onboarding');
    const marker = `sb-marker-${process.pid}-claude`;
    gateway.script({ kind: 'shell', command: `echo ${marker}`, answer: quoteMarker });
    const run = await runTool('claude', ['-p', 'Run the command the tool asks for.', '--allowedTools', 'Bash']);
    expectShellRoundTrip(marker, run, '/v1/chat/completions');
  }, 150_000);

  /** Codex configured by `use`, with no approval prompts (everything else is what `use` wrote). */
  async function useCodex() {
    await sb('use', 'gw', '--client', 'codex', '--mode', 'proxy', '--model', 'gpt-5.4');
    const toml = `\napproval_policy = "never"\nsandbox_mode = "danger-full-access"\n`;
    const fs = await import('node:fs');
    const configFile = path.join(t.paths.codexHome, 'config.toml');
    fs.writeFileSync(configFile, toml + fs.readFileSync(configFile, 'utf8'));
  }

  it.each([
    { protocols: ['chat'] as Protocol[], path: '/v1/chat/completions' },
    { protocols: ['anthropic'] as Protocol[], path: '/v1/messages' },
  ])('Codex against a gateway that speaks only $protocols', async ({ protocols, path: upstreamPath }) => {
    await setUp(protocols);
    await useCodex();
    const marker = `sb-marker-${process.pid}-codex-${protocols[0]}`;
    gateway.script({ kind: 'shell', command: `echo ${marker}`, answer: quoteMarker });
    const run = await runTool('codex', ['exec', '--skip-git-repo-check', 'Run the command the tool asks for.']);
    expectShellRoundTrip(marker, run, upstreamPath);
  }, 150_000);

  it("Codex reads a Chat gateway's context overflow as its own context-window error, asked once", async () => {
    await setUp(['chat']);
    await useCodex();
    const overflow = "This model's maximum context length is 128000 tokens. However, your messages resulted in 130532 tokens.";
    gateway.script({ kind: 'error', status: 400, body: { error: { message: overflow, type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } } });
    const run = await runTool('codex', ['exec', '--skip-git-repo-check', 'Say hello.']);
    // Codex's own sentence for ContextWindowExceeded: it knows the history no longer fits.
    expect(run.output, run.output.slice(-3000)).toContain("Codex ran out of room in the model's context window");
    expect(run.code).not.toBe(0);
    // Not retried as a broken stream: one call reached the gateway.
    expect(gateway.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/v1/chat/completions'))).toHaveLength(1);
  }, 150_000);

  /** Two more providers at the same gateway with keys it does not know, as the tool's whole route. */
  async function routeThroughRejectedKeys(client: 'claude' | 'codex', protocols: Protocol[]) {
    for (const name of ['stale1', 'stale2']) {
      await sb('provider', 'add', name, '--base-url', gateway.url, '--key', `sk-${name}-revoked-0000000000`, '--protocols', protocols.join(','));
    }
    await sb('route', 'set', '--client', client, 'stale1', 'stale2');
  }
  const rejectedKeysSentence = 'stale1 and stale2 rejected their keys: set a working key with "switchboard provider edit stale1 --key -".';

  it('Claude Code with every key of its route rejected stops at once, saying which providers and how to fix the key', async () => {
    await setUp(['anthropic']);
    await sb('use', 'gw', '--client', 'claude', '--mode', 'proxy', '--model', 'claude-sonnet-4-5', '--onboarding');
    await routeThroughRejectedKeys('claude', ['anthropic']);
    const run = await runTool('claude', ['-p', 'Say hello.', '--allowedTools', 'Bash']);
    expect(run.output, run.output.slice(-3000)).toContain('Every provider of this route failed: stale1');
    expect(run.output).toContain(rejectedKeysSentence);
    expect(run.code).not.toBe(0);
    // Told not to retry: one call per provider, where Claude Code otherwise retries a 401 for minutes.
    expect(gateway.requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages')).toHaveLength(2);
  }, 150_000);

  it('Codex with every key of its route rejected ends with the sentence that says how to fix the key', async () => {
    await setUp(['chat']);
    await useCodex();
    await routeThroughRejectedKeys('codex', ['chat']);
    const run = await runTool('codex', ['exec', '--skip-git-repo-check', 'Say hello.']);
    // Codex retries five times; by then both breakers are open and only the first provider is asked.
    expect(run.output, run.output.slice(-3000)).toMatch(/stale1(?: and stale2)?: .* rejected (its key|their keys): set a working key with "switchboard provider edit stale1 --key -"\./);
    expect(run.code).not.toBe(0);
  }, 150_000);

  it('Codex counts the tokens of a turn whose gateway reported no usage (the estimate), not 0', async () => {
    await setUp(['chat']);
    await useCodex();
    gateway.script({ kind: 'text', text: 'Hello there, from a gateway that counts nothing.', reportUsage: false });
    const run = await runTool('codex', ['exec', '--skip-git-repo-check', 'Say hello.']);
    expect(run.code, run.output.slice(-3000)).toBe(0);
    const used = /tokens used\s+([\d,]+)/i.exec(run.output);
    expect(used, run.output.slice(-3000)).not.toBeNull();
    expect(Number(used![1].replace(/,/g, ''))).toBeGreaterThan(0);
  }, 150_000);
});
