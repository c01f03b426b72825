import fs from 'node:fs';
import path from 'node:path';
import { lazySchema } from '../../../shared/lazy';
import * as z from '../../../shared/z';
import { writeFileAtomic } from '../files/atomicWrite';
import { answersHttp } from './probe';

/**
 * The running server announces itself in the data folder (server.json: port, pid, URL), so
 * `switchboard dashboard` finds it whatever port it listens on. Removed on a clean stop; a file
 * left by a crash is recognised because its process is gone or its port no longer answers.
 */
const SERVER_FILE = 'server.json';

const serverInfoSchema = lazySchema(() =>
  z.object({
    pid: z.number().int(),
    port: z.number().int(),
    url: z.string(),
    startedAt: z.number(),
  }),
);

export type ServerInfo = z.infer<typeof serverInfoSchema>;

export const serverFilePath = (home: string) => path.join(home, SERVER_FILE);

export function writeServerFile(home: string, info: ServerInfo): void {
  fs.mkdirSync(home, { recursive: true });
  writeFileAtomic(serverFilePath(home), JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
}

/** The file's content, or null when there is none or it is not a server file. */
export function readServerFile(home: string): ServerInfo | null {
  let text: string;
  try {
    text = fs.readFileSync(serverFilePath(home), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = serverInfoSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const sameServer = (a: ServerInfo, b: ServerInfo) => a.pid === b.pid && a.port === b.port;

/**
 * Takes this server's record out when it stops, if the record is still its own (a later server on
 * the same folder keeps its record). The record it replaced at start goes back while that server's
 * process lives: otherwise stopping a second server would hide the first from `status` and
 * `switchboard dashboard`, though it still answers.
 */
export function removeServerFile(home: string, own: ServerInfo, replaced: ServerInfo | null): void {
  const current = readServerFile(home);
  if (!current || !sameServer(current, own)) return;
  if (replaced && !sameServer(replaced, own) && processAlive(replaced.pid)) writeServerFile(home, replaced);
  else fs.rmSync(serverFilePath(home), { force: true });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** How long `switchboard dashboard` waits for a recorded or named server to answer. */
export const SERVER_PROBE_MS = 2000;

/** The server recorded in the data folder, if its process lives and its port answers. */
export async function findRunningServer(home: string): Promise<ServerInfo | null> {
  const info = readServerFile(home);
  if (!info) return null;
  if (processAlive(info.pid) && (await answersHttp(info.port, SERVER_PROBE_MS))) return info;
  return null;
}
