// `npm run demo`: the simulated gateway with sample data, and Switchboard headless wired to it,
// so every screen has something to show offline. Data lives in ./.demo (fresh on every run).
import fs from 'node:fs';
import path from 'node:path';
import { startDemo } from './demoSetup';

const home = path.resolve('.demo');
fs.rmSync(home, { recursive: true, force: true });
const { gateway, headless, deliberate, close } = await startDemo({ home, port: Number(process.env.SWITCHBOARD_PORT ?? 17170) });

console.log(`Simulated gateway: ${gateway.url} (console users: demo / demo-password, secure / secure-password with 2FA)`);
console.log(`Switchboard data: ${home} (the Tools page switches the tool folders in ${path.join(home, 'tools')}, not yours)`);
console.log(`Try: SWITCHBOARD_HOME=${home} npx switchboard account balance`);
console.log(`     SWITCHBOARD_HOME=${home} npx switchboard audit --account demo-gw --since 15d`);
console.log('Two weeks of sample calls are in the ledger; the gateway billed them as recorded except for these deliberate discrepancies (times UTC), which the audit reports:');
for (const call of deliberate) console.log(`  ${new Date(call.at * 1000).toISOString().slice(0, 16).replace('T', ' ')}  ${call.discrepancy!.issues.join(' + ')}: ${call.discrepancy!.label}`);
console.log(`Open the dashboard: ${headless.loginUrl()}`);
console.log('Press Ctrl+C to stop.');

await new Promise<void>((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});
await close();
