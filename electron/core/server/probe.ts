import http from 'node:http';

/** How long a probe waits: a local server answers in milliseconds, a dead port refuses at once. */
const PROBE_TIMEOUT_MS = 800;

/**
 * True when something answers HTTP on 127.0.0.1:port (the proxy and dashboard of the app or of
 * "switchboard serve"); false when nothing listens or nothing answers in time. No pooled agent:
 * a probe must not keep a short-lived command running.
 */
export function answersHttp(port: number, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'HEAD', path: '/', timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
