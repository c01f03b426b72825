import { getSettingsSchema, type Settings } from '../shared/usageContract';
import type { ZodNumber } from 'zod';
import type { App } from './core/app';
import { SwitchboardError } from './core/errors';
import { originsRefusal } from './core/settings/service';
import { describeZodError } from './core/zodSentence';
import { call, csv, parseCommand, type Command, type Io } from './cliCommon';
import { SETTING_MEANINGS } from './cliHelp';

/** The settings' names, in the schema's order (read when a settings command runs: the schema is built on first use). */
/** Every setting's name, as `settings` lists them and `settings set` takes them. */
export const settingNames = () => Object.keys(getSettingsSchema().shape) as (keyof Settings)[];

const isDuration = (name: keyof Settings) => name.endsWith('Ms');
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** 600000 -> "10 min": timeouts are easier to read than to count zeros in. */
function readableMs(value: number): string {
  if (value >= 60_000 && value % 60_000 === 0) return `${value / 60_000} min`;
  if (value >= 1000 && value % 1000 === 0) return `${value / 1000} s`;
  return `${value} ms`;
}

function shown(name: keyof Settings, value: Settings[keyof Settings]): string {
  if (Array.isArray(value)) return value.join(', ');
  return typeof value === 'number' && isDuration(name) ? `${value} (${readableMs(value)})` : String(value);
}

/** A command-line value read as the setting's type: number, true/false, list or text. */
function parseValue(name: keyof Settings, raw: string): unknown {
  const current = getSettingsSchema().shape[name];
  const kind = current.def.type;
  if (kind === 'number') {
    const unit = isDuration(name) ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/.exec(raw) : null;
    const n = unit ? Math.round(Number(unit[1]) * UNIT_MS[unit[2] as keyof typeof UNIT_MS]) : Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) {
      const takes = isDuration(name) ? 'milliseconds, or a duration such as 90s or 10m' : 'a number';
      throw new SwitchboardError('invalid_input', `${name} takes ${takes}, not "${raw}".`);
    }
    // The contract would say "at least 100 ms"; here the other ways to write a time are worth a mention.
    const least = (current as ZodNumber).minValue;
    if (isDuration(name) && least !== null && n < least) {
      throw new SwitchboardError('invalid_input', `${name} must be at least ${readableMs(least)} (or write it as 90s, 10m), not ${raw}.`);
    }
    return n;
  }
  if (kind === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw new SwitchboardError('invalid_input', `${name} takes true or false, not "${raw}".`);
    return raw === 'true';
  }
  if (kind === 'array') return csv(raw) ?? [];
  return raw;
}

/**
 * A setting's value held to its limits before it is sent, so a refusal names the setting as
 * "settings" lists it; the contract's own sentences use the Settings page's words ("Breaker threshold").
 */
function withinLimits(name: keyof Settings, value: unknown): unknown {
  const input = { [name]: value };
  const parsed = getSettingsSchema().partial().safeParse(input);
  if (!parsed.success) throw new SwitchboardError('invalid_input', describeZodError(parsed.error, input, { asWritten: true }));
  const refusal = name === 'allowedOrigins' && originsRefusal(value as string[], `${name} entry`);
  if (refusal) throw new SwitchboardError('invalid_input', refusal);
  return value;
}

async function settingsCommand(app: App, argv: string[], io: Io): Promise<void> {
  const { values, positionals } = parseCommand('settings', argv, { json: { type: 'boolean' } });
  if (!positionals.length) {
    const all = await call(app, 'settings.get', {});
    if (values.json) return io.out(JSON.stringify(all, null, 2));
    // The command's port is SWITCHBOARD_PORT when that is set: the saved one alone would mislead.
    const inUse = (await call(app, 'app.info', {})).proxyPort;
    const portNote = inUse === all.proxyPort ? '' : ` (SWITCHBOARD_PORT=${inUse} overrides it here; ${all.proxyPort} applies without it)`;
    // Each value with its meaning on the line below: a long list of origins would stretch a table.
    const names = settingNames();
    const width = Math.max(...names.map((name) => name.length));
    const value = (name: keyof Settings) => `${shown(name, all[name])}${name === 'proxyPort' ? portNote : ''}`;
    return io.out(names.map((name) => `${name.padEnd(width)}  ${value(name)}\n  ${SETTING_MEANINGS[name]}`).join('\n'));
  }
  const [sub, name, raw] = positionals;
  if (sub !== 'set' || !name || raw === undefined) throw new SwitchboardError('invalid_input', 'Use "switchboard settings set <name> <value>"; see "switchboard settings --help".');
  const names = settingNames();
  if (!names.includes(name as keyof Settings)) throw new SwitchboardError('invalid_input', `There is no setting "${name}"; settings are: ${names.join(', ')}.`);
  const setting = name as keyof Settings;
  const updated = await call(app, 'settings.set', { [setting]: withinLimits(setting, parseValue(setting, raw)) });
  // The one setting set, keyed as "settings --json" keys it: "settings --json" prints them all.
  io.out(values.json ? JSON.stringify({ [setting]: updated[setting] }, null, 2) : `${setting} = ${shown(setting, updated[setting])}`);
}

export const settingsCommands: Record<string, Command> = { settings: settingsCommand };
