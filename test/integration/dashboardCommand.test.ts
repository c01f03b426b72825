import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/freePort';
import { rawRequest } from '../helpers/rawHttp';
import { runSwitchboard } from '../helpers/runCli';
import { startServeProcess, type ServeProcess } from '../helpers/serveProcess';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

// `switchboard dashboard` finds the server `switchboard serve` started (on any port) through the
// server.json it writes in the data folder, or says that none runs.
describe('switchboard dashboard', () => {
  let t: TempEnv;
  let serve: ServeProcess | undefined;
  let second: ServeProcess | undefined;
  const serverFile = () => path.join(t.paths.home, 'server.json');

  beforeEach(() => {
    t = makeTempEnv();
  });
  afterEach(async () => {
    await serve?.stop();
    await second?.stop();
    serve = second = undefined;
    t.cleanup();
  });

  it('prints its help for --help and -h, without a login link', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await runSwitchboard(['dashboard', flag], t.env);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: switchboard dashboard \[--port N\]/);
      expect(r.stdout).not.toContain('login=');
    }
  });

  it('says that no server runs, and how to start one, when none does', async () => {
    const r = await runSwitchboard(['dashboard'], t.env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('No Switchboard server is running for the data folder');
    expect(r.stderr).toContain('switchboard serve');
  });

  it('finds the server on the port it really listens on, and its link logs in', async () => {
    const port = await freePort();
    serve = await startServeProcess(t.env, port);
    const info = JSON.parse(fs.readFileSync(serverFile(), 'utf8'));
    expect(info).toMatchObject({ port, pid: serve.child.pid, url: `http://127.0.0.1:${port}` });
    expect(fs.statSync(serverFile()).mode & 0o777).toBe(0o600);

    const r = await runSwitchboard(['dashboard'], t.env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const link = new URL(r.stdout.trim());
    expect(link.origin).toBe(`http://127.0.0.1:${port}`);
    const login = await rawRequest(port, link.pathname + link.search);
    expect(login.status).toBe(302);
    expect(String(login.headers['set-cookie'])).toMatch(/^sb_session=/);
  });

  it('removes the file on a clean stop, after which dashboard says no server runs', async () => {
    serve = await startServeProcess(t.env, await freePort());
    expect(fs.existsSync(serverFile())).toBe(true);
    expect(await serve.stop()).toBe(0);
    serve = undefined;
    expect(fs.existsSync(serverFile())).toBe(false);
    const r = await runSwitchboard(['dashboard'], t.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No Switchboard server is running');
  });

  it('does not trust a file left by a server that crashed', async () => {
    const port = await freePort();
    fs.mkdirSync(t.paths.home, { recursive: true });
    fs.writeFileSync(serverFile(), JSON.stringify({ pid: process.pid, port, url: `http://127.0.0.1:${port}`, startedAt: Date.now() }));
    const r = await runSwitchboard(['dashboard'], t.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No Switchboard server is running');
  });

  it('checks the port given with --port', async () => {
    const port = await freePort();
    const none = await runSwitchboard(['dashboard', '--port', String(port)], t.env);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`No Switchboard server is running on port ${port}`);
    serve = await startServeProcess(t.env, port);
    const found = await runSwitchboard(['dashboard', '--port', String(port)], t.env);
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?login=\\S+\\n$`));
  });

  it('status names a server started on another port than the one the tools point at, and how to fix it', async () => {
    const proxyPort = await freePort();
    const env = { ...t.env, SWITCHBOARD_PORT: String(proxyPort) };
    const before = await runSwitchboard(['status'], env);
    expect(before.stdout).toContain(`proxy: http://127.0.0.1:${proxyPort} does not answer: start it with "switchboard serve"`);
    const port = await freePort();
    serve = await startServeProcess(t.env, port);
    const status = await runSwitchboard(['status'], env);
    expect(status.stdout).toContain(
      `proxy: http://127.0.0.1:${proxyPort} does not answer: a Switchboard server runs at http://127.0.0.1:${port} instead (serve --port); restart it without --port, so it listens on port ${proxyPort}`,
    );
    expect(JSON.parse((await runSwitchboard(['status', '--json'], env)).stdout).proxy).toMatchObject({ answering: false, elsewhere: `http://127.0.0.1:${port}` });
  });

  it('status learns from the data folder that no server of ours runs, without connecting to the port', async () => {
    const proxyPort = await freePort();
    // Something that is not Switchboard holds the proxy's port, and counts the connections it gets.
    let connections = 0;
    const foreign = net.createServer((socket) => {
      connections++;
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');
    });
    await new Promise<void>((resolve) => foreign.listen(proxyPort, '127.0.0.1', resolve));
    try {
      const status = await runSwitchboard(['status'], { ...t.env, SWITCHBOARD_PORT: String(proxyPort) });
      expect(status.code).toBe(0);
      expect(status.stdout).toContain(`proxy: http://127.0.0.1:${proxyPort} does not answer: start it with "switchboard serve"`);
      expect(connections).toBe(0);
    } finally {
      await new Promise((resolve) => foreign.close(resolve));
    }
  });

  it('status finds the server on the proxy port when a later one, on another port, wrote the record', async () => {
    const proxyPort = await freePort();
    const env = { ...t.env, SWITCHBOARD_PORT: String(proxyPort) };
    serve = await startServeProcess(env, proxyPort);
    const otherPort = await freePort();
    second = await startServeProcess(env, otherPort);
    expect(JSON.parse(fs.readFileSync(serverFile(), 'utf8')).port).toBe(otherPort);
    const status = await runSwitchboard(['status', '--json'], env);
    expect(JSON.parse(status.stdout).proxy).toMatchObject({ answering: true, elsewhere: null });
  });

  it('still finds the first server once a second one on the same data folder has stopped', async () => {
    const proxyPort = await freePort();
    const env = { ...t.env, SWITCHBOARD_PORT: String(proxyPort) };
    serve = await startServeProcess(env, proxyPort);
    second = await startServeProcess(env, await freePort());
    expect(await second.stop()).toBe(0);
    second = undefined;
    expect(JSON.parse(fs.readFileSync(serverFile(), 'utf8'))).toMatchObject({ pid: serve.child.pid, port: proxyPort });
    const status = await runSwitchboard(['status', '--json'], env);
    expect(JSON.parse(status.stdout).proxy).toMatchObject({ answering: true, elsewhere: null });
    const dashboard = await runSwitchboard(['dashboard'], env);
    expect(dashboard.code).toBe(0);
    expect(dashboard.stdout).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${proxyPort}/\\?login=\\S+\\n$`));
    expect(await serve.stop()).toBe(0);
    serve = undefined;
    expect(fs.existsSync(serverFile())).toBe(false);
  });
});
