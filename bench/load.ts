// The load generator: keep-alive connections from this process, each firing the next request as
// soon as the last answer was read completely.
import { Pool } from 'undici';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  count: number;
  latencies: number[];
}

export interface Call {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function summarize(latencies: number[], elapsedMs: number): LoadResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { rps: (sorted.length / elapsedMs) * 1000, p50: percentile(sorted, 50), p99: percentile(sorted, 99), count: sorted.length, latencies: sorted };
}

/** One call, read to its end: its milliseconds; anything but a 200 stops the bench. */
async function timedCall(pool: Pool, call: Call): Promise<number> {
  const t0 = performance.now();
  const res = await pool.request({ method: 'POST', path: call.path, headers: { 'content-type': 'application/json', ...call.headers }, body: call.body });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${call.path} answered ${res.statusCode}: ${text.slice(0, 300)}`);
  return performance.now() - t0;
}

/** Fires requests from `concurrency` loops until the time or count runs out. */
export async function load(origin: string, call: Call, opts: { concurrency: number; durationMs?: number; count?: number }): Promise<LoadResult> {
  const pool = new Pool(origin, { connections: opts.concurrency, keepAliveTimeout: 60_000 });
  const latencies: number[] = [];
  const started = performance.now();
  let issued = 0;
  const more = () => (opts.count !== undefined ? issued < opts.count : performance.now() - started < opts.durationMs!);
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (more()) {
        issued++;
        latencies.push(await timedCall(pool, call));
      }
    }),
  );
  const elapsed = performance.now() - started;
  await pool.close();
  return summarize(latencies, elapsed);
}

export interface Target {
  origin: string;
  call: Call;
}

/**
 * Calls the targets in turn, one call at a time, `count` rounds (the order reversed every other
 * round), so each round's calls share one moment of the machine: a pair's difference is the time a
 * proxy added to that call, not a slow second elsewhere. Returns each target's latencies by round.
 */
export async function lockstep(targets: Target[], count: number): Promise<number[][]> {
  const pools = targets.map((t) => new Pool(t.origin, { connections: 1, keepAliveTimeout: 60_000 }));
  const latencies: number[][] = targets.map(() => []);
  try {
    for (let r = 0; r < count; r++) {
      const order = [...targets.keys()];
      for (const i of r % 2 ? order.reverse() : order) {
        latencies[i].push(await timedCall(pools[i], targets[i].call));
      }
    }
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
  return latencies;
}

/** The p50 and p99 of what `other` added to `base`, call by call (both from one lockstep run). */
export function addedLatency(base: number[], other: number[]): { p50: number; p99: number } {
  const added = other.map((ms, i) => ms - base[i]).sort((a, b) => a - b);
  return { p50: percentile(added, 50), p99: percentile(added, 99) };
}
