import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../fixtures/gateway';
import { freePort } from '../helpers/freePort';
import { runSwitchboard } from '../helpers/runCli';
import { startServeProcess } from '../helpers/serveProcess';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

/**
 * The ledger writes calls in batches (up to 250 ms later); `switchboard serve` stopped by a signal
 * writes the calls still pending before it exits, so a call answered just before the stop is counted.
 */
describe('switchboard serve stopped by a signal keeps the calls it just answered', () => {
  let t: TempEnv;
  let gateway: Gateway;
  const cli = (...args: string[]) => runSwitchboard(args, t.env);

  beforeAll(async () => {
    t = makeTempEnv();
    gateway = await startGateway({ protocols: ['chat'], acceptAnyModel: true });
    expect((await cli('provider', 'add', 'gw', '--base-url', gateway.url, '--key', gateway.apiKey, '--protocols', 'chat')).code).toBe(0);
    expect((await cli('route', 'set', '--client', 'chat', 'gw')).code).toBe(0);
  });
  afterAll(async () => {
    await gateway.close();
    t.cleanup();
  });

  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s: the last call is in the ledger and the server exits cleanly', async (signal) => {
    const before = JSON.parse((await cli('usage', '--json')).stdout).totals.calls as number;
    const token = (await cli('token', '--client', 'chat')).stdout.match(/sb-\S+/)![0];
    const port = await freePort();
    const serve = await startServeProcess(t.env, port);
    const client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: token, maxRetries: 0 });
    await client.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: 'count me' }] });
    // At once, well inside the ledger's batch window (a terminal closed, a service stopped).
    expect(await serve.stop(signal)).toBe(0);
    expect(JSON.parse((await cli('usage', '--json')).stdout).totals.calls).toBe(before + 1);
  });
});
