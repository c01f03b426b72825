// The demo's set-up, apart from its console output, so a test can run it too.
import path from 'node:path';
import { request } from 'undici';
import { call } from '../electron/cliCommon';
import { startHeadless } from '../electron/headless';
import { seedDemo, startBalanceSource, startGateway } from '../test/fixtures/gateway';
import { recordDemoHistory } from './demoLedger';

/** The simulated gateway with sample data, a simulated OpenRouter, and Switchboard headless wired to both. */
export async function startDemo(options: { home: string; port: number; env?: NodeJS.ProcessEnv }) {
  const gateway = await startGateway({ seed: 7 });
  const demo = seedDemo(gateway);
  const openRouter = await startBalanceSource('openrouter', { seed: 7 });
  // The tools' folders live in the demo's data folder too: a Switch clicked in the demo must never
  // change the user's own Claude Code, Codex or Hermes set-up.
  const tools = (name: string) => path.join(options.home, 'tools', name);
  const env = { ...(options.env ?? process.env), SWITCHBOARD_HOME: options.home, CLAUDE_CONFIG_DIR: tools('claude'), CODEX_HOME: tools('codex'), HERMES_HOME: tools('hermes') };
  const headless = await startHeadless({ env, port: options.port });
  const { app } = headless;

  const user = demo.users.find((u) => u.username === 'demo')!;
  await call(app, 'accounts.add', { name: 'demo-gw', baseUrl: gateway.url, username: user.username, password: user.password, lowBalanceThreshold: 150 });
  await call(app, 'accounts.add', { name: 'openrouter', kind: 'openrouter', baseUrl: openRouter.url, key: openRouter.key });
  await call(app, 'accounts.keys.use', { account: 'demo-gw', key: 'claude-code', provider: 'demo-gw' });
  await call(app, 'accounts.keys.use', { account: 'demo-gw', key: 'codex', provider: 'demo-codex' });
  await call(app, 'accounts.pricing', { account: 'demo-gw' });
  await call(app, 'routes.promote', { client: 'chat', provider: 'demo-gw' });
  recordDemoHistory(app, demo.history, { 'claude-code': 'demo-gw', codex: 'demo-codex' });

  // A few calls through the proxy, so usage, the ledger and the audit have something of Switchboard's own.
  const { token } = await call(app, 'tokens.get', { client: 'chat' });
  for (const [model, text] of [['gpt-5.4', 'Say hello'], ['claude-sonnet-4-6', 'What is Switchboard?'], ['gpt-5.4-mini', 'One more']]) {
    const res = await request(`${headless.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: text }] }),
    });
    await res.body.text();
  }
  app.ledger.flush();
  return {
    gateway,
    /** The calls where the gateway's bill deliberately differs from the ledger, oldest first. */
    deliberate: demo.history.filter((c) => c.discrepancy),
    openRouter,
    headless,
    async close() {
      await headless.close();
      await openRouter.close();
      await gateway.close();
    },
  };
}
