import type Net from 'node:net';
import { lazily } from '../../../shared/lazy';
import { lateRequire } from '../lateRequire';

/** Loaded by the first probe: `node:net` (and the streams under it) costs every other command about 2 ms at start. */
const net = lazily(() => lateRequire('node:net') as typeof Net);

/** How long a probe waits: a local server answers in milliseconds, a dead port refuses at once. */
const PROBE_TIMEOUT_MS = 800;

const STATUS_LINE = /^HTTP\/1\.[01] \d{3} /;

/**
 * True when something answers HTTP on 127.0.0.1:port (the proxy and dashboard of the app or of
 * "switchboard serve"); false when nothing listens or nothing answers in time. One HEAD request
 * on a plain socket, read up to its status line: `status` runs this at every start, and Node's
 * HTTP client costs more to load than the probe takes.
 */
export function answersHttp(port: number, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    let head = '';
    const socket = net().connect({ host: '127.0.0.1', port });
    const done = (answers: boolean) => {
      socket.destroy();
      resolve(answers);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('connect', () => socket.write(`HEAD / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`));
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (head.includes('\r\n') || head.length > 64) done(STATUS_LINE.test(head));
    });
    socket.on('end', () => done(STATUS_LINE.test(head)));
    socket.on('error', () => done(false));
  });
}
