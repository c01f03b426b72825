import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { answersHttp } from '../../electron/core/server/probe';
import { freePort } from '../helpers/freePort';

const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});

async function listen(server: net.Server): Promise<number> {
  servers.push(server);
  server.on('connection', (socket: net.Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('the proxy probe', () => {
  it('says yes to an HTTP server, whatever its status', async () => {
    const port = await listen(http.createServer((_req, res) => res.writeHead(404).end()));
    expect(await answersHttp(port)).toBe(true);
  });

  it('says no to a closed port, a server that speaks something else, and one that never answers', async () => {
    expect(await answersHttp(await freePort())).toBe(false);
    const other = await listen(net.createServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n')));
    expect(await answersHttp(other)).toBe(false);
    const silent = await listen(net.createServer((socket) => socket.on('close', () => undefined)));
    const started = Date.now();
    expect(await answersHttp(silent, 200)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
