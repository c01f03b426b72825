/**
 * Every transcript of the corpus (test/fixtures/transcripts/) served by a local upstream and sent
 * through the real proxy, once per caller protocol: the two conversions and the passthrough. The
 * official SDKs parse what comes back, with their stream helpers (finalMessage,
 * finalChatCompletion, finalResponse) for streams and their plain create otherwise.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless } from '../../../electron/headless';
import type { Client, Protocol } from '../../../shared/schemas';
import {
  isErrorExpectation,
  loadTranscripts,
  startTranscriptUpstream,
  type ExpectedReply,
  type ExpectedUsage,
  type Transcript,
  type TranscriptUpstream,
} from '../../fixtures/transcriptUpstream';
import { freePort } from '../../helpers/freePort';
import { makeTempEnv, type TempEnv } from '../../helpers/tempEnv';

const transcripts = loadTranscripts();
const CALLERS: Protocol[] = ['anthropic', 'chat', 'responses'];

/** Each upstream protocol gets its own provider, reached through its own client's route. */
const CLIENT_FOR_UPSTREAM: Record<Protocol, Client> = { chat: 'chat', anthropic: 'claude', responses: 'codex' };

type StopReason = ExpectedReply['stop'];

/** What one caller's SDK made of the reply, in one shape for all three protocols. */
interface Outcome {
  /** Text blocks or message items joined by a blank line, the way a Chat caller reads pieces the upstream kept apart. */
  text: string;
  reasoning: string;
  signature?: string;
  redactedThinking: boolean;
  toolCalls: { name: string; arguments: unknown }[];
  stop: StopReason | string;
  /** The usage fields as the caller's protocol names them. */
  usage: Record<string, number>;
}

const PIECE_BREAK = '\n\n';

const CHAT_STOPS: Record<string, StopReason> = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use' };

/** The usage the caller's protocol should report for the transcript's numbers. */
function usageFor(caller: Protocol, u: ExpectedUsage): Record<string, number> {
  const prompt = u.input + u.cacheRead + (u.cacheWrite ?? 0);
  switch (caller) {
    case 'anthropic':
      return { input_tokens: u.input, output_tokens: u.output, cache_read_input_tokens: u.cacheRead, cache_creation_input_tokens: u.cacheWrite ?? 0 };
    case 'chat':
      return { prompt_tokens: prompt, completion_tokens: u.output, cached_tokens: u.cacheRead };
    case 'responses':
      return { input_tokens: prompt, output_tokens: u.output, cached_tokens: u.cacheRead };
  }
}

function fromAnthropic(msg: Anthropic.Message): Outcome {
  const thinking = msg.content.filter((b): b is Anthropic.ThinkingBlock => b.type === 'thinking');
  return {
    text: msg.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join(PIECE_BREAK),
    reasoning: thinking.map((b) => b.thinking).join(''),
    signature: thinking.find((b) => b.signature)?.signature,
    redactedThinking: msg.content.some((b) => b.type === 'redacted_thinking'),
    toolCalls: msg.content.flatMap((b) => (b.type === 'tool_use' ? [{ name: b.name, arguments: b.input }] : [])),
    stop: msg.stop_reason ?? 'none',
    usage: {
      input_tokens: msg.usage.input_tokens,
      output_tokens: msg.usage.output_tokens,
      cache_read_input_tokens: msg.usage.cache_read_input_tokens ?? 0,
      cache_creation_input_tokens: msg.usage.cache_creation_input_tokens ?? 0,
    },
  };
}

/** Reasoning has no field in the Chat spec; gateways use reasoning_content (DeepSeek) or reasoning (OpenRouter). */
function chatReasoning(message: object): string {
  const m = message as { reasoning_content?: unknown; reasoning?: unknown };
  const value = m.reasoning_content ?? m.reasoning;
  return typeof value === 'string' ? value : '';
}

function fromChat(res: OpenAI.ChatCompletion, streamedReasoning?: string): Outcome {
  const choice = res.choices[0];
  return {
    text: choice.message.content ?? '',
    reasoning: streamedReasoning ?? chatReasoning(choice.message),
    redactedThinking: false,
    toolCalls: (choice.message.tool_calls ?? []).map((c) => (c.type === 'function' ? { name: c.function.name, arguments: JSON.parse(c.function.arguments) } : { name: 'custom', arguments: null })),
    stop: CHAT_STOPS[choice.finish_reason] ?? choice.finish_reason,
    usage: {
      prompt_tokens: res.usage?.prompt_tokens ?? -1,
      completion_tokens: res.usage?.completion_tokens ?? -1,
      cached_tokens: res.usage?.prompt_tokens_details?.cached_tokens ?? 0,
    },
  };
}

function fromResponses(res: OpenAI.Responses.Response): Outcome {
  const reasoning = res.output.flatMap((o) => (o.type === 'reasoning' ? [...o.summary.map((s) => s.text), ...(o.content ?? []).map((c) => c.text)] : []));
  const calls = res.output.flatMap((o) => (o.type === 'function_call' ? [{ name: o.name, arguments: JSON.parse(o.arguments) as unknown }] : []));
  const stop: StopReason | string =
    res.status === 'incomplete' ? 'max_tokens' : res.status === 'completed' ? (calls.length ? 'tool_use' : 'end_turn') : String(res.status);
  return {
    text: res.output.flatMap((o) => (o.type === 'message' ? [o.content.map((c) => (c.type === 'output_text' ? c.text : c.refusal)).join('')] : [])).join(PIECE_BREAK),
    reasoning: reasoning.join('\n\n'),
    redactedThinking: false,
    toolCalls: calls,
    stop,
    usage: {
      input_tokens: res.usage?.input_tokens ?? -1,
      output_tokens: res.usage?.output_tokens ?? -1,
      cached_tokens: res.usage?.input_tokens_details?.cached_tokens ?? 0,
    },
  };
}

class ResponseFailed extends Error {}

describe('real upstream transcripts through the proxy, parsed by the official SDKs', () => {
  let t: TempEnv;
  let upstream: TranscriptUpstream;
  let running: Awaited<ReturnType<typeof startHeadless>>;

  beforeAll(async () => {
    t = makeTempEnv();
    upstream = await startTranscriptUpstream(transcripts);
    running = await startHeadless({ env: t.env, port: await freePort() });
    const h = running.app.handlers;
    // Error transcripts must not trip the breaker or wait out a Retry-After between cases.
    await h['settings.set']({ breakerThreshold: 100000, retryAfterCapMs: 0 });
    for (const protocol of ['chat', 'anthropic', 'responses'] as const) {
      await h['providers.add']({ name: `up-${protocol}`, baseUrl: upstream.url, key: 'sk-transcript-upstream-key', protocols: [protocol] });
      await h['routes.set']({ client: CLIENT_FOR_UPSTREAM[protocol], providers: [`up-${protocol}`] });
    }
  });
  afterAll(async () => {
    await running?.close();
    await upstream?.close();
    t?.cleanup();
  });

  const token = (tr: Transcript) => running.app.tokens.ensure(CLIENT_FOR_UPSTREAM[tr.protocol]);
  const anthropic = (tr: Transcript) => new Anthropic({ baseURL: running.url, apiKey: token(tr), maxRetries: 0 });
  const openai = (tr: Transcript) => new OpenAI({ baseURL: `${running.url}/v1`, apiKey: token(tr), maxRetries: 0 });

  /** The ledger's rows for a transcript so far, newest first. */
  const ledgerRows = async (tr: Transcript) =>
    (await running.app.handlers['usage.calls']({ since: '1h', limit: 1000, offset: 0, outcome: 'all' })).rows.filter((r) => r.requestedModel === tr.name);

  /** The row the call just made: the ledger writes it once the reply ended, so it may take a moment. */
  async function newLedgerRow(tr: Transcript, before: number) {
    // Seconds, not a count of 20 ms turns: the ledger's 250 ms flush runs late on a loaded machine.
    for (const deadline = Date.now() + 5000; Date.now() < deadline; ) {
      const rows = await ledgerRows(tr);
      if (rows.length > before) return rows[0];
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no ledger row for ${tr.name} within 5 s`);
  }

  /** Sends the transcript's request as `caller`; the model name tells the upstream which transcript to play. */
  async function call(tr: Transcript, caller: Protocol, stream: boolean): Promise<Outcome> {
    const model = tr.name;
    if (caller === 'anthropic') {
      const params = { model, max_tokens: 1024, messages: [{ role: 'user' as const, content: 'hi' }] };
      return fromAnthropic(stream ? await anthropic(tr).messages.stream(params).finalMessage() : await anthropic(tr).messages.create(params));
    }
    if (caller === 'chat') {
      const params = { model, messages: [{ role: 'user' as const, content: 'hi' }] };
      if (!stream) return fromChat(await openai(tr).chat.completions.create(params));
      // finalChatCompletion keeps only the last fragment of a non-standard field, so reasoning is gathered from the chunks.
      let reasoning = '';
      const runner = openai(tr).chat.completions.stream({ ...params, stream_options: { include_usage: true } });
      runner.on('chunk', (chunk) => {
        for (const choice of chunk.choices) reasoning += chatReasoning(choice.delta);
      });
      return fromChat(await runner.finalChatCompletion(), reasoning);
    }
    const params = { model, input: 'hi' };
    const res = stream ? await openai(tr).responses.stream(params).finalResponse() : await openai(tr).responses.create(params);
    if (res.status === 'failed') throw new ResponseFailed(res.error?.message ?? 'failed without a message');
    return fromResponses(res);
  }

  for (const tr of transcripts) {
    describe(`${tr.name} (${tr.protocol} upstream: ${tr.quirk})`, () => {
      for (const caller of CALLERS) {
        const direction = caller === tr.protocol ? `${caller} caller, passthrough` : `${caller} caller, converted from ${tr.protocol}`;
        const expectation = tr.expect;

        if (isErrorExpectation(expectation)) {
          const { error } = expectation;
          // A complete error body is replayed to streamed and non-streamed requests alike.
          for (const stream of tr.streamed ? [true] : [false, true]) {
            it(`${direction}${stream ? ', streamed' : ''}: the error reaches the caller in its protocol, and the ledger`, async () => {
              const before = (await ledgerRows(tr)).length;
              const failure = await call(tr, caller, stream).then(
                (outcome) => {
                  throw new Error(`expected an error, got a reply: ${JSON.stringify(outcome)}`);
                },
                (err: unknown) => err,
              );
              const row = await newLedgerRow(tr, before);
              expect(row.errorClass, 'ledger error class').not.toBeNull();
              if (error.status) expect(row.status, 'ledger status').toBe(error.status);
              if (failure instanceof ResponseFailed) {
                expect(failure.message).toContain(error.message);
                expect(error.inStream).toBe(true);
                return;
              }
              // Anthropic.APIError and OpenAI.APIError: the status and the body in the caller's protocol.
              const apiError = failure as { status?: number; message: string; error?: unknown };
              expect(apiError.message, String(failure)).toContain(error.message);
              if (error.inStream) {
                expect(apiError.status).toBeUndefined();
              } else {
                expect(apiError.status).toBe(error.status);
                if (caller === 'anthropic') expect(apiError.error).toMatchObject({ type: 'error', error: { type: expect.any(String), message: expect.stringContaining(error.message) } });
                else expect(apiError.error).toMatchObject({ message: expect.stringContaining(error.message), type: expect.any(String) });
              }
            });
          }
          continue;
        }

        const reply = expectation;
        it(`${direction}: text, reasoning, tool calls, stop reason and usage, also in the ledger`, async () => {
          const before = (await ledgerRows(tr)).length;
          const outcome = await call(tr, caller, tr.streamed);
          const passthrough = caller === tr.protocol ? reply.passthrough : undefined;
          expect(outcome.text).toBe(passthrough?.text ?? reply.text);
          expect(outcome.reasoning).toBe(passthrough?.reasoning ?? reply.reasoning ?? '');
          expect(outcome.toolCalls).toEqual(reply.toolCalls ?? []);
          expect(outcome.stop).toBe(reply.stop);
          expect(outcome.usage).toEqual(usageFor(caller, reply.usage));
          const u = reply.usage;
          expect(await newLedgerRow(tr, before)).toMatchObject({
            protocolIn: caller,
            protocolOut: tr.protocol,
            status: 200,
            errorClass: null,
            estimated: false,
            inputTokens: u.input,
            outputTokens: u.output,
            cacheReadTokens: u.cacheRead,
            cacheWriteTokens: u.cacheWrite ?? 0,
          });
          if (caller === 'anthropic') {
            if (tr.protocol === 'anthropic') expect(outcome.signature).toBe(reply.signature);
            expect(outcome.redactedThinking).toBe(tr.protocol === 'anthropic' && reply.redactedThinking === true);
          }
        });
      }
    });
  }

  it('the corpus has at least 25 transcripts, each with its source and a body', () => {
    expect(transcripts.length).toBeGreaterThanOrEqual(25);
    for (const tr of transcripts) {
      expect(tr.source, tr.name).toMatch(/https:\/\//);
      expect(tr.bytes.length, tr.name).toBeGreaterThan(0);
    }
  });
});
