/**
 * What of the caller's request reaches the gateway besides the body: the tool's identity (relays
 * that admit only Claude Code or Codex check it, Codex's session_id keeps prompt caching per
 * session), never the local token, cookies or hop-by-hop headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxyHarness, type ProxyHarness } from '../../helpers/proxyHarness';
import { rawRequest } from '../../helpers/rawHttp';

/** Headers only the caller's own connection or session may carry. */
const PRIVATE = { connection: 'keep-alive, x-hop-secret', 'keep-alive': 'timeout=77', 'x-hop-secret': 'for-the-next-hop-only', cookie: 'session=caller-secret' };

describe('caller headers forwarded upstream', () => {
  let h: ProxyHarness;
  beforeAll(async () => {
    h = await startProxyHarness({ protocols: ['anthropic', 'responses'] });
  });
  afterAll(() => h.close());

  /** Sends a call with a chunked body (transfer-encoding set by the caller) and returns what the gateway received. */
  async function relayed(path: string, headers: Record<string, string>, body: Record<string, unknown>) {
    const before = h.gateway.requests.length;
    const r = await rawRequest(h.running.server.port, path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...PRIVATE, ...headers },
      body: JSON.stringify(body),
    });
    expect(r.status, r.body).toBe(200);
    const sent = h.gateway.requests.slice(before).filter((q) => q.path === path);
    expect(sent).toHaveLength(1);
    return sent[0].headers;
  }

  function expectNothingPrivate(sent: Record<string, string | string[] | undefined>, token: string) {
    expect(sent['keep-alive']).toBeUndefined();
    expect(sent['x-hop-secret']).toBeUndefined();
    expect(sent['transfer-encoding']).toBeUndefined();
    expect(sent.cookie).toBeUndefined();
    expect(String(sent.connection ?? '')).not.toMatch(/x-hop-secret/);
    expect(JSON.stringify(sent)).not.toContain(token);
    expect(sent.authorization).toBe(`Bearer ${h.gateway.apiKey}`);
  }

  it("Claude Code's user-agent, x-app and session reach the gateway on /v1/messages", async () => {
    const token = h.token('claude');
    const sent = await relayed(
      '/v1/messages',
      {
        'x-api-key': token,
        'anthropic-version': '2023-06-01',
        'user-agent': 'claude-cli/2.0.14 (external, cli)',
        'x-app': 'cli',
        'x-claude-code-session-id': 'cc-session-1',
        'x-stainless-lang': 'js',
      },
      { model: 'claude-sonnet-4-5', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] },
    );
    expect(sent).toMatchObject({
      'user-agent': 'claude-cli/2.0.14 (external, cli)',
      'x-app': 'cli',
      'x-claude-code-session-id': 'cc-session-1',
      'x-stainless-lang': 'js',
      'x-api-key': h.gateway.apiKey,
    });
    expectNothingPrivate(sent, token);
  });

  it("Codex's user-agent, session_id, originator, version and OpenAI-Beta reach the gateway on /v1/responses", async () => {
    const token = h.token('codex');
    const sent = await relayed(
      '/v1/responses',
      {
        authorization: `Bearer ${token}`,
        'user-agent': 'codex_cli_rs/0.46.0 (Mac OS 15.0.0; arm64) iTerm.app/3.6.1',
        originator: 'codex_cli_rs',
        session_id: '0199a213-81c0-7800-8aa1-bbab2a035a53',
        version: '0.46.0',
        'openai-beta': 'responses=experimental',
      },
      { model: 'gpt-5.4', input: 'hi' },
    );
    expect(sent).toMatchObject({
      'user-agent': 'codex_cli_rs/0.46.0 (Mac OS 15.0.0; arm64) iTerm.app/3.6.1',
      originator: 'codex_cli_rs',
      session_id: '0199a213-81c0-7800-8aa1-bbab2a035a53',
      version: '0.46.0',
      'openai-beta': 'responses=experimental',
    });
    expectNothingPrivate(sent, token);
  });

  it.each([
    ['/v1/embeddings', { model: 'text-embedding-3-small', input: 'index me' }],
    ['/v1/images/generations', { model: 'gpt-image-1', prompt: 'a kite' }],
  ])("the OpenAI SDK's user-agent and x-stainless headers reach the gateway on %s", async (path, body) => {
    const token = h.token('chat');
    const sent = await relayed(
      path,
      { authorization: `Bearer ${token}`, 'user-agent': 'OpenAI/JS 6.3.0', 'x-stainless-lang': 'js', 'x-stainless-package-version': '6.3.0', originator: 'indexer' },
      body,
    );
    expect(sent).toMatchObject({ 'user-agent': 'OpenAI/JS 6.3.0', 'x-stainless-lang': 'js', 'x-stainless-package-version': '6.3.0', originator: 'indexer' });
    expectNothingPrivate(sent, token);
  });
});
