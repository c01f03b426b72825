// `npm run demo`: the simulated gateway with sample data, and Switchboard headless wired to it,
// so every screen has something to show offline. Data lives in ./.demo (fresh on every run).
import fs from 'node:fs';
import path from 'node:path';
import { request } from 'undici';
import { call } from '../electron/cliCommon';
import { startHeadless } from '../electron/headless';
import { seedDemo, startBalanceSource, startGateway } from '../test/fixtures/gateway';

const home = path.resolve('.demo');
fs.rmSync(home, { recursive: true, force: true });
const port = Number(process.env.SWITCHBOARD_PORT ?? 17170);

const gateway = await startGateway({ seed: 7 });
const demo = seedDemo(gateway);
const openRouter = await startBalanceSource('openrouter', { seed: 7 });
const headless = await startHeadless({ env: { ...process.env, SWITCHBOARD_HOME: home }, port });
const { app } = headless;

const user = demo.users.find((u) => u.username === 'demo')!;
await call(app, 'accounts.add', { name: 'demo-gw', baseUrl: gateway.url, username: user.username, password: user.password, lowBalanceThreshold: 150 });
await call(app, 'accounts.add', { name: 'openrouter', kind: 'openrouter', baseUrl: openRouter.url, key: openRouter.key });
await call(app, 'accounts.keys.use', { account: 'demo-gw', key: 'claude-code', provider: 'demo-gw' });
await call(app, 'accounts.pricing', { account: 'demo-gw' });
await call(app, 'routes.promote', { client: 'chat', provider: 'demo-gw' });

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

console.log(`Simulated gateway: ${gateway.url} (console users: demo / demo-password, secure / secure-password with 2FA)`);
console.log(`Switchboard data: ${home}`);
console.log(`Try: SWITCHBOARD_HOME=${home} npx switchboard account balance`);
console.log(`     SWITCHBOARD_HOME=${home} npx switchboard audit --account demo-gw --since 1h`);
console.log(`Open the dashboard: ${headless.loginUrl()}`);
console.log('Press Ctrl+C to stop.');

await new Promise<void>((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});
await headless.close();
await openRouter.close();
await gateway.close();
