import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless } from '../../electron/headless';
import { startGateway, type Gateway } from '../fixtures/gateway';
import { freePort } from '../helpers/freePort';
import { runSwitchboard } from '../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';
import { wallClockIn } from '../helpers/timeZone';

const BIN = path.resolve(import.meta.dirname, '../../bin/switchboard.cjs');
const TOOLS = path.resolve(import.meta.dirname, '../../node_modules/.bin');

/** Runs the CLI with its standard output closed by the reader before anything is written, as `| head -0` would. */
function runWithClosedStdout(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

describe('the CLI with a new user\u2019s mistakes (issue 13)', () => {
  let t: TempEnv;
  beforeAll(() => {
    t = makeTempEnv();
  });
  afterAll(() => t.cleanup());

  it('stays quiet when the reader closes the pipe early (route list | head)', async () => {
    await runSwitchboard(['provider', 'add', 'gw', '--base-url', 'https://gw.example.com', '--key', 'sk-pipe00001111'], t.env);
    for (const args of [['route', 'list'], ['provider', 'list'], ['--help']]) {
      const r = await runWithClosedStdout(args, t.env);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
  });

  it('refuses a key with a space in it with one sentence, and stores nothing', async () => {
    const add = await runSwitchboard(['provider', 'add', 'spaced', '--base-url', 'https://gw.example.com', '--key', 'sk-abc def'], t.env);
    expect(add.code).toBe(2);
    expect(add.stderr).toBe('switchboard: The key contains a space, line break or control character; copy the key again from the gateway console, without anything around it.\n');
    const list = await runSwitchboard(['provider', 'list', '--json'], t.env);
    expect(JSON.parse(list.stdout).map((p: { name: string }) => p.name)).not.toContain('spaced');
  });

  it('says that --key - read nothing when standard input is empty, instead of asking for the --key it was given', async () => {
    const sentence = 'switchboard: --key - read nothing from standard input; pipe the secret in (--key - < secret.txt) or give it as --key VALUE.\n';
    const add = await runSwitchboard(['provider', 'add', 'nokey', '--base-url', 'https://gw.example.com', '--key', '-'], t.env, '');
    expect(add.code).toBe(2);
    expect(add.stderr).toBe(sentence);
    const edit = await runSwitchboard(['provider', 'edit', 'gw', '--key', '-'], t.env, '\n');
    expect(edit.code).toBe(2);
    expect(edit.stderr).toBe(sentence);
    const list = JSON.parse((await runSwitchboard(['provider', 'list', '--json'], t.env)).stdout) as { name: string; keys: string[] }[];
    expect(list.map((p) => p.name)).not.toContain('nokey');
    expect(list.find((p) => p.name === 'gw')!.keys).toEqual(['sk-…1111']);
  });

  it('names the flag\u2019s field in a validation error, never a schema path', async () => {
    const add = await runSwitchboard(['provider', 'add', 'typo', '--base-url', 'https://gw.example.com', '--key', 'sk-typo0001', '--protocols', 'chat,antropic'], t.env);
    expect(add.code).toBe(2);
    expect(add.stderr).toBe('switchboard: Protocols item 2 is "antropic"; use one of chat, anthropic, responses.\n');
  });

  it('refuses a value that starts with a dash in one sentence, not the argument parser\u2019s three lines', async () => {
    const negative = await runSwitchboard(['restore', '--client', 'codex', '--backup', '-3'], t.env);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toBe('switchboard: -3 is a negative number, and no value of "switchboard restore" can be below zero.\n');
    const dashed = await runSwitchboard(['usage', '--model', '-mini'], t.env);
    expect(dashed.code).toBe(2);
    expect(dashed.stderr).toBe('switchboard: --model takes a value, and "-mini" after it reads as a flag; write --model=-mini if that is the value.\n');
  });

  it('refuses a flag of one tool given to another, writing nothing, instead of ignoring it', async () => {
    const settings = path.join(t.env.CLAUDE_CONFIG_DIR!, 'settings.json');
    const bearer = await runSwitchboard(['use', 'gw', '--client', 'claude', '--codex-auth', 'bearer', '--no-check'], t.env);
    expect(bearer.code).toBe(2);
    expect(bearer.stderr).toBe('switchboard: --codex-auth is for Codex only (--client codex); leave it out for claude.\n');
    expect(fs.existsSync(settings)).toBe(false);
    const onboarding = await runSwitchboard(['use', 'gw', '--client', 'codex', '--onboarding', '--no-check'], t.env);
    expect(onboarding.code).toBe(2);
    expect(onboarding.stderr).toBe('switchboard: --onboarding is for Claude Code only (--client claude); leave it out for codex.\n');
    expect(fs.existsSync(path.join(t.env.CODEX_HOME!, 'config.toml'))).toBe(false);
  });

  it('builds every endpoint of a /all gateway under the same root', async () => {
    const add = await runSwitchboard(['provider', 'add', 'allgw', '--base-url', 'https://gw.example.com/all', '--key', 'sk-all00001111', '--protocols', 'chat,anthropic,responses', '--json'], t.env);
    expect(add.code).toBe(0);
    expect(JSON.parse(add.stdout).endpoints).toMatchObject({
      chat: 'https://gw.example.com/all/v1/chat/completions',
      anthropic: 'https://gw.example.com/all/v1/messages',
    });
  });
});

describe('proxy mode, routes and advice that can be followed (issue 13)', () => {
  let t: TempEnv;
  let env: NodeJS.ProcessEnv;
  let port: number;
  let gateway: Gateway;
  beforeAll(async () => {
    t = makeTempEnv();
    port = await freePort();
    gateway = await startGateway({ protocols: ['chat'], acceptAnyModel: true });
    // Nothing listens on this port until a test starts the server on it.
    env = { ...t.env, SWITCHBOARD_PORT: String(port), PATH: `${TOOLS}${path.delimiter}${process.env.PATH}` };
    for (const name of ['gwA', 'gwB', 'gwC']) {
      expect((await runSwitchboard(['provider', 'add', name, '--base-url', `https://${name.toLowerCase()}.example.com`, '--key', `sk-${name}-000011112222`, '--protocols', 'anthropic,chat'], env)).code).toBe(0);
    }
    expect((await runSwitchboard(['provider', 'add', 'chatgw', '--base-url', gateway.url, '--key', gateway.apiKey, '--protocols', 'chat'], env)).code).toBe(0);
  });
  afterAll(async () => {
    await gateway.close();
    t.cleanup();
  });

  it('use in proxy mode warns when nothing answers there and says how to start it; status says the proxy does not answer', async () => {
    const use = await runSwitchboard(['use', 'gwA', '--client', 'claude', '--no-check'], env);
    expect(use.code).toBe(0);
    expect(use.stdout).toContain('claude now uses gwA (proxy)');
    expect(use.stderr).toBe(
      `switchboard: warning: nothing answers at http://127.0.0.1:${port}, the local proxy for Claude Code; start it with "switchboard serve" (or open the Switchboard app) before using Claude Code.\n`,
    );
    const status = await runSwitchboard(['status'], env);
    expect(status.stdout).toContain(`proxy: http://127.0.0.1:${port} does not answer: start it with "switchboard serve"`);
    expect(status.stdout).toMatch(/claude\s+gwA\s+proxy.*proxy not answering/);
    expect(status.stdout).not.toMatch(/claude.*\sok$/m);
    expect(JSON.parse((await runSwitchboard(['status', '--json'], env)).stdout).proxy.answering).toBe(false);
  }, 60_000);

  it('status, after route set, names the route\u2019s first hop and shows the chain instead of the last use', async () => {
    expect((await runSwitchboard(['route', 'set', '--client', 'claude', 'gwB', 'gwC', 'gwA'], env)).code).toBe(0);
    const json = JSON.parse((await runSwitchboard(['status', '--json'], env)).stdout);
    const claude = json.clients.find((c: { client: string }) => c.client === 'claude');
    expect(claude).toMatchObject({ provider: 'gwB', route: ['gwB', 'gwC', 'gwA'], applied: { provider: 'gwA', mode: 'proxy' } });
    const human = await runSwitchboard(['status'], env);
    expect(human.stdout).toMatch(/claude\s+gwB\s+proxy\s+-\s+gwB > gwC > gwA\s/);
  }, 60_000);

  it('with the server running, status says the proxy answers and use gives no warning', async () => {
    const server = await startHeadless({ env, port });
    try {
      const status = await runSwitchboard(['status'], env);
      expect(status.stdout).toContain(`proxy: http://127.0.0.1:${port} answers`);
      expect(status.stdout).toMatch(/claude\s+gwB\s+proxy.*\sok$/m);
      const use = await runSwitchboard(['use', 'gwC', '--client', 'codex', '--no-check'], env);
      expect(use.code).toBe(0);
      expect(use.stderr).toBe('');
    } finally {
      await server.close();
    }
  }, 60_000);

  it('run with a protocol mismatch advises the proxy run, and following the advice reaches the chat-only gateway', async () => {
    const direct = await runSwitchboard(['run', 'claude', '--provider', 'chatgw', '--', '-p', 'hi'], env);
    expect(direct.code).toBe(2);
    expect(direct.stderr).toBe(
      'switchboard: Claude Code needs the Anthropic Messages protocol, which chatgw does not speak (chat); run it through the local proxy, which converts: "switchboard run claude --mode proxy" follows claude\'s route ("switchboard route set --client claude chatgw" puts chatgw first).\n',
    );
    const wrongFirst = await runSwitchboard(['run', 'claude', '--mode', 'proxy', '--provider', 'chatgw'], env);
    expect(wrongFirst.code).toBe(2);
    expect(wrongFirst.stderr).toContain('follows its route (gwB > gwC > gwA), which starts with gwB, not chatgw');

    expect((await runSwitchboard(['route', 'set', '--client', 'claude', 'chatgw'], env)).code).toBe(0);
    const server = await startHeadless({ env, port });
    try {
      const before = gateway.requests.length;
      const run = await runSwitchboard(['run', 'claude', '--mode', 'proxy', '--model', 'gpt-5.4', '--', '-p', 'Say hello.'], { ...env, HOME: t.env.HOME });
      expect(run.stderr).not.toContain('switchboard:');
      expect(run.code).toBe(0);
      const calls = gateway.requests.slice(before).filter((r) => r.method === 'POST' && r.path.startsWith('/v1/chat/completions'));
      expect(calls.length).toBeGreaterThan(0);
      for (const c of calls) expect(c.headers.authorization).toBe(`Bearer ${gateway.apiKey}`);
    } finally {
      await server.close();
    }
  }, 180_000);

  it('use with a protocol mismatch in direct mode advises proxy mode in command-line terms', async () => {
    const use = await runSwitchboard(['use', 'chatgw', '--client', 'claude', '--mode', 'direct', '--no-check'], env);
    expect(use.code).toBe(2);
    expect(use.stderr).toBe(
      'switchboard: Claude Code needs the Anthropic Messages protocol, which chatgw does not speak (chat); use the local proxy, which converts: "switchboard use chatgw --client claude --mode proxy".\n',
    );
  }, 60_000);
});

describe('restore --list', () => {
  let t: TempEnv;
  beforeAll(() => {
    t = makeTempEnv();
  });
  afterAll(() => t.cleanup());

  it('marks the backup holding the settings from before Switchboard as the original, and says it is never pruned', async () => {
    expect((await runSwitchboard(['provider', 'add', 'gw', '--base-url', 'https://gw.example.com/v1', '--key', 'sk-list-original-0123456789', '--protocols', 'chat,anthropic'], t.env)).code).toBe(0);
    for (const mode of ['direct', 'proxy']) expect((await runSwitchboard(['use', 'gw', '--client', 'claude', '--mode', mode, '--no-check'], t.env)).code).toBe(0);
    const list = await runSwitchboard(['restore', '--client', 'claude', '--list'], t.env);
    const rows = list.stdout.trim().split('\n');
    expect(rows[1]).toMatch(/^2\s.*before using gw \(proxy\)\s+\S+settings\.json$/);
    expect(rows[2]).toMatch(/^1\s.*before using gw \(direct\)\s+\S+settings\.json \(original\)$/);
    expect(rows[3]).toBe('(original): the file as it was before Switchboard first changed it; such backups are never pruned.');
    const json = JSON.parse((await runSwitchboard(['restore', '--client', 'claude', '--list', '--json'], t.env)).stdout);
    expect(json.map((b: { files: { original: boolean }[] }) => b.files[0].original)).toEqual([false, true]);
    // The dashboard gets each reason as a code; --json prints the English sentence it always printed.
    expect(json.map((b: { reason: unknown }) => b.reason)).toEqual(['before using gw (proxy)', 'before using gw (direct)']);
  }, 60_000);

  it('says when each backup was taken on the local clock', async () => {
    const env = { ...t.env, TZ: 'Asia/Kolkata' };
    const [latest] = JSON.parse((await runSwitchboard(['restore', '--client', 'claude', '--list', '--json'], env)).stdout) as { createdAt: number }[];
    const list = await runSwitchboard(['restore', '--client', 'claude', '--list'], env);
    expect(list.stdout.split('\n')[1]).toMatch(new RegExp(`^2\\s+${wallClockIn('Asia/Kolkata', latest.createdAt)}\\s+before using gw`));
  });
});
