import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SwitchboardError } from '../../../electron/core/errors';
import { GATEWAY_KEY, LOCAL_TOKEN, directTarget, fingerprint, makeHarness, proxyTarget, put, type Harness } from './harness';

/**
 * A stand-in for the real tools: records its arguments, the variables Switchboard sets and the temp
 * files it was given, behaves like Hermes does in its home folder, and exits with FAKE_EXIT.
 */
const FAKE_TOOL = `#!/usr/bin/env node
const fs = require('fs');
const path = require('path');
const args = process.argv.slice(2);
const record = { args, codexKey: process.env.SWITCHBOARD_CODEX_API_KEY ?? null, hermesHome: process.env.HERMES_HOME ?? null };
const at = args.indexOf('--settings');
if (at >= 0) {
  record.settingsPath = args[at + 1];
  record.settings = JSON.parse(fs.readFileSync(args[at + 1], 'utf8'));
  record.settingsMode = fs.statSync(args[at + 1]).mode & 0o777;
}
const home = process.env.HERMES_HOME;
if (home) {
  const config = path.join(home, 'config.yaml');
  record.config = fs.readFileSync(config, 'utf8');
  record.configMode = fs.statSync(config).mode & 0o777;
  record.memoriesIsLink = fs.lstatSync(path.join(home, 'memories')).isSymbolicLink();
  fs.appendFileSync(path.join(home, 'memories', 'MEMORY.md'), 'learned something\\n');
  fs.mkdirSync(path.join(home, 'sessions-new'));
  fs.writeFileSync(path.join(home, 'sessions-new', 's1.json'), '{}');
  fs.writeFileSync(path.join(home, 'state.json.tmp'), '{"turns": 2}');
  fs.renameSync(path.join(home, 'state.json.tmp'), path.join(home, 'state.json'));
}
fs.writeFileSync(process.env.FAKE_RECORD, JSON.stringify(record));
process.exit(Number(process.env.FAKE_EXIT || 0));
`;

describe('client service: launch', () => {
  let h: Harness;
  let record: string;
  beforeEach(() => {
    const bin = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'sb-fake-bin-'));
    for (const tool of ['claude', 'codex', 'hermes']) put(path.join(bin, tool), FAKE_TOOL, 0o755);
    record = path.join(bin, 'record.json');
    h = makeHarness({ PATH: `${bin}${path.delimiter}${process.env.PATH}`, FAKE_RECORD: record, FAKE_EXIT: '7' });
  });
  afterEach(() => {
    fs.rmSync(path.dirname(record), { recursive: true, force: true });
    h.cleanup();
  });

  const recorded = () => JSON.parse(fs.readFileSync(record, 'utf8'));

  it('runs Claude Code with a 0600 temporary --settings file, passes the exit code through and cleans up', async () => {
    const code = await h.service.launch('claude', proxyTarget({ model: 'm' }), ['-p', 'hi']);
    expect(code).toBe(7);
    const r = recorded();
    expect(r.args).toEqual(['--settings', r.settingsPath, '-p', 'hi']);
    expect(JSON.stringify(r.args)).not.toContain(LOCAL_TOKEN);
    expect(r.settingsMode).toBe(0o600);
    expect(r.settings.env).toMatchObject({ ANTHROPIC_BASE_URL: 'http://127.0.0.1:17170', ANTHROPIC_AUTH_TOKEN: LOCAL_TOKEN, ANTHROPIC_MODEL: 'm' });
    expect(fs.existsSync(path.dirname(r.settingsPath))).toBe(false);
    expect(fs.existsSync(h.paths.claudeDir)).toBe(false);
  });

  it('runs Codex with -c overrides and the key in an environment variable', async () => {
    expect(await h.service.launch('codex', directTarget(), ['exec', 'hi'])).toBe(7);
    const r = recorded();
    expect(r.codexKey).toBe(GATEWAY_KEY);
    expect(r.args.slice(-2)).toEqual(['exec', 'hi']);
    expect(JSON.stringify(r.args)).not.toContain(GATEWAY_KEY);
    expect(fs.existsSync(h.paths.codexHome)).toBe(false);
  });

  it('runs Hermes in a stand-in home that keeps the user’s data and leaves the real config alone', async () => {
    const real = h.paths.hermesHome;
    put(path.join(real, 'config.yaml'), 'model:\n  default: mine\n  provider: openrouter\nterminal:\n  backend: local\n');
    put(path.join(real, 'memories', 'MEMORY.md'), 'first\n');
    put(path.join(real, 'state.json'), '{"turns": 1}');
    const config = fingerprint(path.join(real, 'config.yaml'));

    expect(await h.service.launch('hermes', proxyTarget(), ['chat', '-q', 'hi'])).toBe(7);
    const r = recorded();
    expect(r.args).toEqual(['chat', '-q', 'hi']);
    expect(r.configMode).toBe(0o600);
    expect(r.config).toContain(`api_key: ${LOCAL_TOKEN}`);
    expect(r.config).toContain('terminal:\n  backend: local');
    expect(r.memoriesIsLink).toBe(true);

    expect(fingerprint(path.join(real, 'config.yaml'))).toEqual(config);
    expect(fs.readFileSync(path.join(real, 'memories', 'MEMORY.md'), 'utf8')).toBe('first\nlearned something\n');
    expect(fs.readFileSync(path.join(real, 'sessions-new', 's1.json'), 'utf8')).toBe('{}');
    expect(fs.readFileSync(path.join(real, 'state.json'), 'utf8')).toBe('{"turns": 2}');
    expect(fs.lstatSync(path.join(real, 'state.json')).isSymbolicLink()).toBe(false);
    expect(fs.existsSync(r.hermesHome)).toBe(false);
  });

  it('counts a tool as installed when it is on PATH, and says which one is missing otherwise', async () => {
    expect(h.service.status().map((s) => s.installed)).toEqual([true, true, true]);
    const bare = makeHarness();
    try {
      expect(bare.service.status().map((s) => s.installed)).toEqual([false, false, false]);
      const error = await bare.service.launch('codex', directTarget(), []).catch((err: SwitchboardError) => err);
      expect(error).toMatchObject({ code: 'not_found', message: 'codex is not installed or not on PATH; install it, then try again.' });
    } finally {
      bare.cleanup();
    }
  });
});
