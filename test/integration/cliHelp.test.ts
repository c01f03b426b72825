import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../electron/cli';
import { COMMAND_HELP } from '../../electron/cliHelp';
import { runCli } from '../../electron/cliMain';
import { runSwitchboard } from '../helpers/runCli';
import { makeTempEnv, type TempEnv } from '../helpers/tempEnv';

/** Every command line that must answer --help: each command, and each of its subcommands. */
const commandLines: string[][] = Object.entries(COMMAND_HELP).flatMap(([command, { subcommands = [] }]) => [
  [command],
  ...subcommands.map((sub) => [command, ...sub.split(' ')]),
]);

/** A usage line of the help that names this command line: "switchboard account keys disable|enable ..." names "account keys enable". */
function usageLineFor(help: string, line: string[]): string | undefined {
  const [command, ...subs] = line;
  return help
    .split('\n')
    .find((text) => text.includes(`switchboard ${command}`) && subs.every((sub) => new RegExp(`(^|[\\s|])${sub}([\\s|]|$)`).test(text.slice(text.indexOf(`switchboard ${command}`)))));
}

describe('every command and subcommand answers --help and -h without opening the database', () => {
  let t: TempEnv;
  beforeAll(() => {
    t = makeTempEnv();
  });
  afterAll(() => t.cleanup());

  it('has help for exactly the commands the CLI runs', () => {
    expect(Object.keys(COMMAND_HELP).sort()).toEqual(['serve', 'completion', ...Object.keys(COMMANDS)].sort());
  });

  it('walks the command table', async () => {
    expect(commandLines.length).toBeGreaterThan(Object.keys(COMMAND_HELP).length);
    for (const line of commandLines) {
      for (const flag of ['--help', '-h']) {
        const out: string[] = [];
        const err: string[] = [];
        const code = await runCli([...line, flag], { out: (s) => out.push(s), err: (s) => err.push(s), env: t.env, stdin: async () => '' });
        const shown = `switchboard ${line.join(' ')} ${flag}`;
        expect(err, shown).toEqual([]);
        expect(code, shown).toBe(0);
        expect(out.join('\n'), shown).toMatch(/Usage:/);
        expect(usageLineFor(out.join('\n'), line), `${shown} prints a usage line for it`).toBeDefined();
      }
    }
    expect(fs.existsSync(t.paths.home), 'the data folder was created').toBe(false);
  });

  it('lists every command in the main help', async () => {
    const out: string[] = [];
    expect(await runCli(['--help'], { out: (s) => out.push(s), err: () => {}, env: t.env, stdin: async () => '' })).toBe(0);
    for (const command of Object.keys(COMMAND_HELP)) expect(out.join('\n')).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('answers in a real process, and help after "--" belongs to the tool', async () => {
    const provider = await runSwitchboard(['provider', '--help'], t.env);
    expect(provider.stderr).toBe('');
    expect(provider.code).toBe(0);
    expect(provider.stdout).toContain('switchboard provider add <name>');
    // What a provider speaks without --protocols is said, and is what add does.
    expect(provider.stdout).toContain('Without --protocols (or a preset) a provider speaks chat only');
    const added = await runSwitchboard(['provider', 'add', 'plain', '--base-url', 'https://gw.example.com', '--key', 'sk-plain00001111', '--json'], t.env);
    expect(JSON.parse(added.stdout).protocols).toEqual(['chat']);
    const nested = await runSwitchboard(['account', 'keys', 'create', '-h'], t.env);
    expect(nested.code).toBe(0);
    expect(nested.stdout).toContain('switchboard account keys create');
    const toolHelp = await runSwitchboard(['run', 'claude', '--', '--help'], t.env);
    expect(toolHelp.code).toBe(2);
    expect(toolHelp.stderr).toContain('run needs --provider');
  });
});
