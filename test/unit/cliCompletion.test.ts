import { describe, expect, it } from 'vitest';
import { CALL_ENDPOINTS } from '../../shared/callEndpoint';
import { COMMAND_HELP } from '../../electron/cliHelp';
import { completeWords, type CompletionNames } from '../../electron/cliCompletion';

const asked: string[] = [];
const names: CompletionNames = {
  providers: async () => (asked.push('providers'), ['gw', 'bit', 'gw-backup']),
  accounts: async () => (asked.push('accounts'), ['acct']),
  settings: async () => (asked.push('settings'), ['proxyPort', 'recordUsage']),
};
const complete = (...words: string[]) => completeWords(words, names);

describe('completion read from the help', () => {
  it('offers the commands, then each command\u2019s subcommands as its usage lines name them', async () => {
    expect(await complete('')).toEqual(Object.keys(COMMAND_HELP));
    expect(await complete('pr')).toEqual(['provider', 'price']);
    expect(await complete('provider', '')).toEqual(['add', 'edit', 'list', 'show', 'rm', 'test', 'presets', 'import']);
    expect(await complete('route', '')).toEqual(['set', 'list']);
    expect(await complete('completion', '')).toEqual(['bash', 'zsh']);
    expect(await complete('nonsense', '')).toEqual([]);
  });

  it('offers the providers, accounts and settings that exist where the help says <provider> or <name>, filtered by what was typed', async () => {
    expect(await complete('use', '')).toEqual(['gw', 'bit', 'gw-backup']);
    expect(await complete('use', 'gw')).toEqual(['gw', 'gw-backup']);
    expect(await complete('provider', 'show', '')).toEqual(['gw', 'bit', 'gw-backup']);
    expect(await complete('price', 'set', 'b')).toEqual(['bit']);
    expect(await complete('account', 'balance', '')).toEqual(['acct']);
    expect(await complete('audit', '--account', '')).toEqual(['acct']);
    expect(await complete('settings', 'set', 'p')).toEqual(['proxyPort']);
    expect(await complete('run', 'claude', '--provider', '')).toEqual(['gw', 'bit', 'gw-backup']);
    // A nested subcommand and an account name can both come after "keys".
    expect(await complete('account', 'keys', '')).toEqual(['acct', 'create', 'disable', 'enable', 'delete', 'reveal', 'group', 'use']);
    // The chain of a route takes provider after provider, after the --client value.
    expect(await complete('route', 'set', '--client', 'claude', 'gw', '')).toEqual(['gw', 'bit', 'gw-backup']);
  });

  it('offers no existing name where one is being made, and reads the data folder only when a name is asked for', async () => {
    asked.length = 0;
    expect(await complete('provider', 'add', '')).toEqual([]);
    expect(await complete('account', 'add', '')).toEqual([]);
    expect(await complete('usage', '--by', '')).toEqual(['model', 'provider', 'client', 'endpoint', 'day']);
    expect(asked).toEqual([]);
  });

  it('offers the values a flag lists, and the flags of the command', async () => {
    expect(await complete('use', 'gw', '--client', '')).toEqual(['claude', 'codex', 'hermes', 'chat']);
    expect(await complete('use', 'gw', '--mode', 'd')).toEqual(['direct']);
    expect(await complete('use', 'gw', '--codex-auth', '')).toEqual(['auto', 'auth-json', 'bearer']);
    expect(await complete('run', '')).toEqual(['claude', 'codex', 'hermes']);
    expect(await complete('account', 'add', 'x', '--kind', '')).toEqual(['new-api', 'one-api', 'openrouter', 'deepseek', 'moonshot', 'siliconflow']);
    expect(await complete('usage', '--endpoint', '')).toEqual([...CALL_ENDPOINTS]);
    expect(await complete('use', 'gw', '--')).toEqual(['--help', '--client', '--mode', '--model', '--dry-run', '--no-check', '--onboarding', '--codex-auth', '--json']);
    expect(await complete('usage', '--e')).toEqual(['--endpoint', '--errors']);
    expect(await complete('serve', '-')).toEqual(['--help', '--port', '--host']);
    // A flag that takes a value is skipped with it: "gw" here is the value of --model, not the provider.
    expect(await complete('use', '--model', 'gw', '')).toEqual(['gw', 'bit', 'gw-backup']);
    // A flag without a value does not swallow the next word.
    expect(await complete('use', '--dry-run', 'gw', '--client', 'c')).toEqual(['claude', 'codex', 'chat']);
    // A value nobody can guess gets nothing (the shell then completes file names).
    expect(await complete('use', 'gw', '--model', '')).toEqual([]);
  });

  it('leaves everything after "--" to the tool', async () => {
    expect(await complete('run', 'claude', '--', '')).toEqual([]);
    expect(await complete('run', 'claude', '--', '--')).toEqual([]);
  });
});
