import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless } from '../../../electron/headless';
import { maskSecret } from '../../../shared/mask';
import type { Protocol } from '../../../shared/schemas';
import { startGateway, type Gateway } from '../../fixtures/gateway';
import { rawRequest } from '../../helpers/rawHttp';
import { sessionCookie } from '../../helpers/sessionCookie';
import { runSwitchboard } from '../../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../../helpers/tempEnv';

const PROTOCOLS: Protocol[] = ['anthropic', 'chat', 'responses'];
const ENDPOINT: Record<Protocol, string> = { anthropic: '/v1/messages', chat: '/v1/chat/completions', responses: '/v1/responses' };

/**
 * A gateway that quotes the key it was sent in an error that comes without an HTTP error status:
 * a 200 reply holding an error, a stream's error event before any content or after it, and an
 * error from an OpenAI passthrough endpoint. Every caller protocol against every upstream one
 * (passthrough and converted); afterwards no surface shows the key and no file holds it.
 */
describe('a gateway error that quotes the key, without an HTTP error status', () => {
  let t: TempEnv;
  let gateway: Gateway;
  let running: Awaited<ReturnType<typeof startHeadless>>;
  let cookie: string;
  let masked: string;
  const answers: string[] = [];

  const quote = (what: string) => `${what} for key ${gateway.apiKey}`;
  const rpc = async (channel: string, input: unknown) => {
    const res = await rawRequest(running.server.port, `/rpc/${channel}`, { method: 'POST', body: JSON.stringify(input), headers: { cookie, 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    return res.body;
  };
  /** One call from a `caller` client to a provider that speaks only `upstream`; the caller's whole answer. */
  const call = async (caller: Protocol, upstream: Protocol, stream: boolean, path = ENDPOINT[caller]) => {
    await running.app.handlers['routes.set']({ client: 'chat', providers: [`only-${upstream}`] });
    const input = caller === 'responses' ? { input: 'hello' } : { messages: [{ role: 'user', content: 'hello' }], max_tokens: 64 };
    const res = await fetch(`${running.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${running.app.tokens.ensure('chat')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-test', stream, ...input }),
    });
    const answer = await res.text();
    answers.push(answer);
    return answer;
  };

  beforeAll(async () => {
    t = makeTempEnv();
    gateway = await startGateway({ protocols: PROTOCOLS, acceptAnyModel: true });
    masked = maskSecret(gateway.apiKey);
    running = await startHeadless({ env: t.env, port: 0 });
    for (const protocol of PROTOCOLS) {
      await running.app.handlers['providers.add']({ name: `only-${protocol}`, baseUrl: gateway.url, key: gateway.apiKey, protocols: [protocol] });
    }
    cookie = await sessionCookie(running);
  });
  afterAll(async () => {
    await running.close();
    await gateway.close();
    t.cleanup();
  });

  for (const caller of PROTOCOLS) {
    for (const upstream of PROTOCOLS) {
      const how = caller === upstream ? `${caller} passed through` : `${upstream} converted to ${caller}`;

      it(`${how}: a 200 reply that holds an error`, async () => {
        gateway.script({ kind: 'error', status: 200, body: { error: { message: quote('upstream failed'), type: 'server_error' } } });
        const answer = await call(caller, upstream, false);
        expect(answer).not.toContain(gateway.apiKey);
        expect(answer).toContain(`upstream failed for key ${masked}`);
      });

      it(`${how}: a stream's error event before any content`, async () => {
        gateway.script({ kind: 'error_mid_stream', afterChunks: 0, message: quote('stream refused') });
        const answer = await call(caller, upstream, true);
        expect(answer).not.toContain(gateway.apiKey);
        expect(answer).toContain(`stream refused for key ${masked}`);
      });

      it(`${how}: a stream's error event after content started`, async () => {
        gateway.script({ kind: 'error_mid_stream', text: 'one two three four five six', chunks: 6, afterChunks: 4, message: quote('stream broke') });
        const answer = await call(caller, upstream, true);
        expect(answer).toContain('one');
        expect(answer).not.toContain(gateway.apiKey);
        expect(answer).toContain(`stream broke for key ${masked}`);
      });
    }
  }

  it('an OpenAI passthrough endpoint (embeddings) answers its error, with an error status or without, with the key masked', async () => {
    gateway.override({ path: '/v1/embeddings' }, { kind: 'error', status: 401, message: quote('embeddings refused') }, { times: 1 });
    const refused = await call('chat', 'chat', false, '/v1/embeddings');
    gateway.override({ path: '/v1/embeddings' }, { kind: 'error', status: 200, body: { error: { message: quote('embeddings failed'), type: 'server_error' } } }, { times: 1 });
    const failed = await call('chat', 'chat', false, '/v1/embeddings');
    for (const answer of [refused, failed]) expect(answer).not.toContain(gateway.apiKey);
    expect(refused).toContain(`embeddings refused for key ${masked}`);
    expect(failed).toContain(`embeddings failed for key ${masked}`);
  });

  it('afterwards the ledger, the export, the diagnostics, the breakers, the CLI and the database files hold the key only masked', async () => {
    expect(answers).toHaveLength(PROTOCOLS.length * PROTOCOLS.length * 3 + 2);
    running.app.ledger.flush();

    const calls = await rpc('usage.calls', { since: '1h', limit: 1000 });
    const rows = JSON.parse(calls).data.rows as { id: number; errorMessage: string | null }[];
    const [csv, breakers] = [await rpc('usage.exportCsv', { since: '1h' }), await rpc('breakers.list', {})];
    const surfaces: Record<string, string> = { 'usage.calls': calls, 'usage.exportCsv': csv, 'breakers.list': breakers };
    for (const row of rows) surfaces[`usage.diagnostic ${row.id}`] = await rpc('usage.diagnostic', { id: row.id });

    const cli = async (...args: string[]) => {
      const r = await runSwitchboard(args, t.env);
      expect(r.code).toBe(0);
      return r.stdout + r.stderr;
    };
    surfaces['switchboard status'] = await cli('status');
    surfaces['switchboard status --json'] = await cli('status', '--json');
    surfaces['switchboard usage --calls --json'] = await cli('usage', '--calls', '100', '--json');
    // Soft: a leak names every surface that shows the key, not only the first.
    for (const [name, surface] of Object.entries(surfaces)) expect.soft(surface, name).not.toContain(gateway.apiKey);
    const home = t.env.SWITCHBOARD_HOME!;
    const files = fs.readdirSync(home).filter((f) => f.startsWith('switchboard.db'));
    expect(files).toEqual(expect.arrayContaining(['switchboard.db', 'switchboard.db-wal']));
    for (const f of files) expect.soft(fs.readFileSync(path.join(home, f)).includes(Buffer.from(gateway.apiKey)), f).toBe(false);

    // Every call is on record, each with the gateway's sentence, the key masked.
    expect(rows).toHaveLength(answers.length);
    for (const what of ['upstream failed', 'stream refused', 'stream broke', 'embeddings refused', 'embeddings failed']) {
      expect(rows.some((row) => row.errorMessage?.includes(`${what} for key ${masked}`))).toBe(true);
    }
    expect(csv).toContain(masked);
    expect(breakers).toContain(masked);
  }, 120_000);
});
