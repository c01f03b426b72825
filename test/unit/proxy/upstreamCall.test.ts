import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerGone } from '../../../electron/core/proxy/callerGone';
import { callUpstream } from '../../../electron/core/proxy/upstreamCall';

/** A caller the test makes leave with `leave()`. */
function testCaller(): CallerGone & { leave(): void } {
  let listeners: (() => void)[] = [];
  const caller = {
    aborted: false,
    onAbort(listener: () => void) {
      if (caller.aborted) listener();
      else listeners.push(listener);
      return () => {
        listeners = listeners.filter((l) => l !== listener);
      };
    },
    leave() {
      caller.aborted = true;
      for (const l of listeners) l();
    },
  };
  return caller;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the fake gateway saw of each request, by path. */
const seen = new Map<string, { body: string; closedEarly: boolean }>();
let server: http.Server;
let origin: string;
const dispatcher = new Agent({ keepAliveTimeout: 1000 });

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const record = { body: Buffer.concat(parts).toString('utf8'), closedEarly: false };
      seen.set(req.url ?? '', record);
      res.on('close', () => {
        if (!res.writableFinished) record.closedEarly = true;
      });
      if (req.url === '/json') {
        res.writeHead(201, { 'Content-Type': 'application/json', 'X-Request-Id': 'up-1' });
        res.end('{"ok":"héllo"}');
      } else if (req.url === '/chunks') {
        // 40 chunks, one per 2 ms: more than the body holds before pausing the gateway.
        res.writeHead(200, { 'content-type': 'text/plain' });
        let i = 0;
        const timer = setInterval(() => {
          res.write(`c${i};`);
          if (++i === 40) {
            clearInterval(timer);
            res.end();
          }
        }, 2);
        res.on('close', () => clearInterval(timer));
      } else if (req.url === '/burst') {
        // 20 chunks of chunked encoding in one socket write, as a gateway flushes several events at once.
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.flushHeaders();
        setTimeout(() => {
          res.socket?.cork();
          for (let i = 0; i < 20; i++) res.write(`data: ${i}\n\n`);
          res.socket?.uncork();
          setTimeout(() => res.end(), 20);
        }, 20);
      } else if (req.url === '/endless') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const timer = setInterval(() => res.write('x'), 5);
        res.on('close', () => clearInterval(timer));
      } else if (req.url === '/broken') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('part');
        setTimeout(() => res.socket?.destroy(), 20);
      }
      // '/silent' never answers.
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await dispatcher.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const call = (path: string, opts: { timeoutMs?: number; gone?: CallerGone } = {}) =>
  callUpstream(dispatcher, { url: `${origin}${path}`, headers: { 'content-type': 'application/json' }, body: '{"q":1}', timeoutMs: opts.timeoutMs ?? 5000, gone: opts.gone ?? testCaller() });

describe('a call to a gateway on the dispatch API', () => {
  it('sends the body and reads the status, lower-cased headers and the text', async () => {
    const reply = await call('/json');
    expect(reply.status).toBe(201);
    expect(reply.headers['x-request-id']).toBe('up-1');
    expect(await reply.body.text()).toBe('{"ok":"héllo"}');
    expect(seen.get('/json')?.body).toBe('{"q":1}');
  });

  it('hands over every chunk in order, and holds the gateway while the consumer waits', async () => {
    const reply = await call('/chunks');
    let text = '';
    let waited = false;
    await reply.body.forEach((chunk) => {
      text += Buffer.from(chunk).toString();
      if (waited) return;
      waited = true;
      // A full caller socket: nothing more may arrive at the consumer until this settles.
      const before = text;
      return sleep(60).then(() => expect(text).toBe(before));
    });
    expect(text).toBe(Array.from({ length: 40 }, (_, i) => `c${i};`).join(''));
  });

  it('hands over the chunks of one socket read as one chunk, so a consumer parses and writes once per read', async () => {
    const reply = await call('/burst');
    const chunks: string[] = [];
    await reply.body.forEach((chunk) => void chunks.push(Buffer.from(chunk).toString()));
    expect(chunks).toEqual([Array.from({ length: 20 }, (_, i) => `data: ${i}\n\n`).join('')]);
  });

  it('stops the gateway when the consumer cancels, and ends the iteration without an error', async () => {
    const reply = await call('/endless');
    let chunks = 0;
    await reply.body.forEach(() => {
      if (++chunks === 3) reply.body.cancel();
    });
    expect(chunks).toBe(3);
    await expect.poll(() => seen.get('/endless')?.closedEarly).toBe(true);
  });

  it('aborts at once when the caller leaves before the gateway answers', async () => {
    const caller = testCaller();
    const pending = call('/silent', { gone: caller });
    await expect.poll(() => seen.has('/silent')).toBe(true);
    caller.leave();
    await expect(pending).rejects.toThrow('the caller closed its connection');
  });

  it('rejects the iteration when the connection breaks mid-body, and times out a silent gateway', async () => {
    const broken = await call('/broken');
    await expect(broken.body.text()).rejects.toMatchObject({ code: expect.stringMatching(/^UND_ERR/) });
    await expect(call('/silent', { timeoutMs: 100 })).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
  });
});
