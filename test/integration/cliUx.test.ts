import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSwitchboard } from '../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

const BIN = path.resolve(import.meta.dirname, '../../bin/switchboard.mjs');

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

  it('names the flag\u2019s field in a validation error, never a schema path', async () => {
    const add = await runSwitchboard(['provider', 'add', 'typo', '--base-url', 'https://gw.example.com', '--key', 'sk-typo0001', '--protocols', 'chat,antropic'], t.env);
    expect(add.code).toBe(2);
    expect(add.stderr).toBe('switchboard: Protocols item 2 is "antropic"; use one of chat, anthropic, responses.\n');
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
