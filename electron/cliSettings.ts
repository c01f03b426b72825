import { settingsSchema, type Settings } from '../shared/usageContract';
import type { App } from './core/app';
import { SwitchboardError } from './core/errors';
import { call, csv, parseCommand, table, type Command, type Io } from './cliCommon';

const NAMES = Object.keys(settingsSchema.shape) as (keyof Settings)[];

const HELP = `Usage:
  switchboard settings [--json]                 every setting and its value
  switchboard settings set <name> <value>       change one (lists take a,b,c)

Settings: ${NAMES.join(', ')}.
Timeouts are in milliseconds. proxyPort takes effect when the proxy next starts.`;

/** A command-line value read as the setting's type: number, true/false, list or text. */
function parseValue(name: keyof Settings, raw: string): unknown {
  const current = settingsSchema.shape[name];
  const kind = current.def.type;
  if (kind === 'number') {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) throw new SwitchboardError('invalid_input', `${name} takes a number, not "${raw}".`);
    return n;
  }
  if (kind === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw new SwitchboardError('invalid_input', `${name} takes true or false, not "${raw}".`);
    return raw === 'true';
  }
  if (kind === 'array') return csv(raw) ?? [];
  return raw;
}

async function settingsCommand(app: App, argv: string[], io: Io): Promise<void> {
  const { values, positionals } = parseCommand('settings', argv, { json: { type: 'boolean' } });
  if (!positionals.length) {
    const all = await call(app, 'settings.get', {});
    if (values.json) return io.out(JSON.stringify(all, null, 2));
    return io.out(table(Object.entries(all).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)])));
  }
  const [sub, name, raw] = positionals;
  if (sub !== 'set' || !name || raw === undefined) throw new SwitchboardError('invalid_input', 'Use "switchboard settings set <name> <value>"; see "switchboard settings --help".');
  if (!NAMES.includes(name as keyof Settings)) throw new SwitchboardError('invalid_input', `There is no setting "${name}"; settings are: ${NAMES.join(', ')}.`);
  const updated = await call(app, 'settings.set', { [name]: parseValue(name as keyof Settings, raw) });
  io.out(values.json ? JSON.stringify(updated, null, 2) : `${name} = ${JSON.stringify(updated[name as keyof Settings])}`);
}

export const settingsCommands: Record<string, Command> = { settings: { help: HELP, subcommands: ['set'], run: settingsCommand } };
