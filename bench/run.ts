// `npm run bench`: the proxy against a direct call to the same local upstream, in one run,
// reported as ratios. Proxy and upstream run as their own processes; load comes from this one.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Pool } from 'undici';
import { makeTempEnv } from '../test/helpers/tempEnv';
import { freePort } from '../test/helpers/freePort';
import { runSwitchboard } from '../test/helpers/runCli';
import { benchLedgerQueries } from './ledgerQueries';

const ROOT = path.resolve(import.meta.dirname, '..');
const CONCURRENCY = 16;
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 4) * 1000;

function startChild(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'], cwd: ROOT });
    let out = '';
    child.stdout!.on('data', (c) => {
      out += c;
      const m = ready.exec(out);
      if (m) resolve({ child, match: m });
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`)));
  });
}


function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) * 1024;
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  count: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Fires requests from `concurrency` loops until the time or count runs out. */
async function load(origin: string, path: string, headers: Record<string, string>, body: string, opts: { concurrency: number; durationMs?: number; count?: number }): Promise<LoadResult> {
  const pool = new Pool(origin, { connections: opts.concurrency, keepAliveTimeout: 60_000 });
  const latencies: number[] = [];
  const started = performance.now();
  let issued = 0;
  const more = () => (opts.count !== undefined ? issued < opts.count : performance.now() - started < opts.durationMs!);
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (more()) {
        issued++;
        const t0 = performance.now();
        const res = await pool.request({ method: 'POST', path, headers: { 'content-type': 'application/json', ...headers }, body });
        await res.body.text();
        if (res.statusCode !== 200) throw new Error(`${path} answered ${res.statusCode}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = performance.now() - started;
  await pool.close();
  latencies.sort((a, b) => a - b);
  return { rps: (latencies.length / elapsed) * 1000, p50: percentile(latencies, 50), p99: percentile(latencies, 99), count: latencies.length };
}

const chatBody = (stream: boolean) => JSON.stringify({ model: 'bench', stream, messages: [{ role: 'user', content: 'hello' }] });
const anthropicBody = (stream: boolean) => JSON.stringify({ model: 'bench', stream, max_tokens: 64, messages: [{ role: 'user', content: 'hello' }] });

async function main() {
  const t = makeTempEnv();
  const tNoLedger = makeTempEnv();
  const children: ChildProcess[] = [];
  try {
    const upstream = await startChild([path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'bench/upstream.ts'], process.env, /^(\d+)\n/);
    children.push(upstream.child);
    const upstreamOrigin = `http://127.0.0.1:${upstream.match[1]}`;
    /** A Switchboard home with the bench upstream as the chat and claude route, served by its own process. */
    const startProxy = async (home: typeof t, settings: string[][] = []) => {
      const env = { ...home.env, SWITCHBOARD_PORT: String(await freePort()) };
      const add = await runSwitchboard(['provider', 'add', 'bench', '--base-url', upstreamOrigin, '--key', 'sk-bench-0000000000', '--protocols', 'chat'], env);
      if (add.code !== 0) throw new Error(add.stderr);
      await runSwitchboard(['route', 'set', '--client', 'chat', 'bench'], env);
      await runSwitchboard(['route', 'set', '--client', 'claude', 'bench'], env);
      for (const [name, value] of settings) await runSwitchboard(['settings', 'set', name, value], env);
      const chatToken = (await runSwitchboard(['token', '--client', 'chat'], env)).stdout.trim();
      const claudeToken = (await runSwitchboard(['token', '--client', 'claude'], env)).stdout.trim();
      const served = await startChild([path.join(ROOT, 'bin/switchboard.mjs'), 'serve'], env, /serving on (http:\/\/\S+)/);
      children.push(served.child);
      return { child: served.child, origin: served.match[1].replace(/[.)]$/, ''), chatToken, claudeToken };
    };
    const proxy = await startProxy(t);
    const proxyOrigin = proxy.origin;
    const { chatToken, claudeToken } = proxy;

    const direct = { authorization: 'Bearer sk-bench-0000000000' };
    const viaChat = { authorization: `Bearer ${chatToken}` };
    const viaClaude = { authorization: `Bearer ${claudeToken}`, 'anthropic-version': '2023-06-01' };
    const scenarios = [
      { name: 'passthrough non-streaming', min: 0.4, direct: ['/v1/chat/completions', direct, chatBody(false)], proxy: ['/v1/chat/completions', viaChat, chatBody(false)] },
      { name: 'passthrough streaming (20 chunks)', min: 0.6, direct: ['/v1/chat/completions', direct, chatBody(true)], proxy: ['/v1/chat/completions', viaChat, chatBody(true)] },
      { name: 'Anthropic to Chat non-streaming', min: 0.3, direct: ['/v1/chat/completions', direct, chatBody(false)], proxy: ['/v1/messages', viaClaude, anthropicBody(false)] },
      { name: 'Anthropic to Chat streaming', min: 0.45, direct: ['/v1/chat/completions', direct, chatBody(true)], proxy: ['/v1/messages', viaClaude, anthropicBody(true)] },
    ] as const;

    const floor = await startChild([path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'bench/minimalProxy.ts', upstreamOrigin], process.env, /^(\d+)\n/);
    children.push(floor.child);
    const floorOrigin = `http://127.0.0.1:${floor.match[1]}`;

    const rows: Record<string, unknown>[] = [];
    for (const s of scenarios) {
      // warm both paths so connection set-up is not measured
      await load(upstreamOrigin, s.direct[0], s.direct[1], s.direct[2], { concurrency: CONCURRENCY, count: 200 });
      await load(proxyOrigin, s.proxy[0], s.proxy[1], s.proxy[2], { concurrency: CONCURRENCY, count: 200 });
      const d = await load(upstreamOrigin, s.direct[0], s.direct[1], s.direct[2], { concurrency: CONCURRENCY, durationMs: DURATION_MS });
      const p = await load(proxyOrigin, s.proxy[0], s.proxy[1], s.proxy[2], { concurrency: CONCURRENCY, durationMs: DURATION_MS });
      const dSeq = await load(upstreamOrigin, s.direct[0], s.direct[1], s.direct[2], { concurrency: 1, count: 1000 });
      const pSeq = await load(proxyOrigin, s.proxy[0], s.proxy[1], s.proxy[2], { concurrency: 1, count: 1000 });
      // The same direct request through a proxy that does nothing else: the most any Node proxy gets here.
      await load(floorOrigin, s.direct[0], s.direct[1], s.direct[2], { concurrency: CONCURRENCY, count: 200 });
      const f = await load(floorOrigin, s.direct[0], s.direct[1], s.direct[2], { concurrency: CONCURRENCY, durationMs: DURATION_MS });
      const ratio = p.rps / d.rps;
      const addedP99 = pSeq.p99 - dSeq.p99;
      rows.push({ scenario: s.name, directRps: Math.round(d.rps), proxyRps: Math.round(p.rps), ratio: +ratio.toFixed(3), target: s.min, minimalProxyRatio: +(f.rps / d.rps).toFixed(3), addedP99Ms: +addedP99.toFixed(2), pass: ratio >= s.min && addedP99 <= 5 });
    }

    // The ledger's cost: the same proxy with usage recording off, measured in turns with it on.
    const unrecorded = await startProxy(tNoLedger, [['recordUsage', 'false']]);
    const passthrough = ['/v1/chat/completions', chatBody(false)] as const;
    const withLedger: number[] = [];
    const withoutLedger: number[] = [];
    await load(unrecorded.origin, passthrough[0], { authorization: `Bearer ${unrecorded.chatToken}` }, passthrough[1], { concurrency: CONCURRENCY, count: 200 });
    for (let round = 0; round < 3; round++) {
      withLedger.push((await load(proxyOrigin, passthrough[0], viaChat, passthrough[1], { concurrency: CONCURRENCY, durationMs: DURATION_MS / 2 })).rps);
      withoutLedger.push((await load(unrecorded.origin, passthrough[0], { authorization: `Bearer ${unrecorded.chatToken}` }, passthrough[1], { concurrency: CONCURRENCY, durationMs: DURATION_MS / 2 })).rps);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const ledgerCost = 1 - median(withLedger) / median(withoutLedger);
    const ledger = { rpsWithLedger: Math.round(median(withLedger)), rpsWithoutLedger: Math.round(median(withoutLedger)), cost: +ledgerCost.toFixed(3), limit: 0.05, pass: ledgerCost <= 0.05 };
    unrecorded.child.kill('SIGTERM');

    const queries = benchLedgerQueries(tNoLedger.paths.home);

    const pid = proxy.child.pid!;
    await load(proxyOrigin, '/v1/chat/completions', viaChat, chatBody(false), { concurrency: CONCURRENCY, count: 2000 });
    const rssAt2k = rssOf(pid);
    await load(proxyOrigin, '/v1/chat/completions', viaChat, chatBody(false), { concurrency: CONCURRENCY, count: 18000 });
    const rssAt20k = rssOf(pid);
    const growth = rssAt20k / rssAt2k - 1;
    const memory = { rssAfter2kMiB: +(rssAt2k / 1048576).toFixed(1), rssAfter20kMiB: +(rssAt20k / 1048576).toFixed(1), growth: +growth.toFixed(3), pass: growth <= 0.2 };

    console.log('\nProxy vs direct, same local upstream, 16 concurrent connections (minimalProxyRatio: a do-nothing Node proxy, the floor here)');
    console.table(rows);
    console.log(`Ledger: ${ledger.rpsWithLedger} req/s with it, ${ledger.rpsWithoutLedger} without (costs ${(ledgerCost * 100).toFixed(1)}%, limit 5%)`);
    console.log(`Usage queries over 1,000,000 ledger rows (generated in ${queries.insertSeconds.toFixed(1)} s), limit 100 ms each:`);
    console.table(queries.results);
    console.log(`Memory: RSS ${memory.rssAfter2kMiB} MiB after 2,000 requests, ${memory.rssAfter20kMiB} MiB after 20,000 (${(growth * 100).toFixed(1)}%, limit 20%)`);
    const outDir = path.join(ROOT, 'bench', 'results');
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, 'proxy.json'), JSON.stringify({ when: new Date().toISOString(), concurrency: CONCURRENCY, durationMs: DURATION_MS, scenarios: rows, ledger, usageQueries: queries, memory }, null, 2));
    console.log(`Written to bench/results/proxy.json`);
    if (!rows.every((r) => r.pass) || !memory.pass || !ledger.pass || !queries.results.every((q) => q.pass)) process.exitCode = 1;
  } finally {
    for (const c of children) c.kill('SIGTERM');
    t.cleanup();
    tNoLedger.cleanup();
  }
}

await main();
