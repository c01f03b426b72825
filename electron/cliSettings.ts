import { settingsSchema, type Settings } from '../shared/usageContract';
import type { App } from './core/app';
import { SwitchboardError } from './core/errors';
import { call, csv, parseCommand, table, type Command, type Io } from './cliCommon';

const NAMES = Object.keys(settingsSchema.shape) as (keyof Settings)[];

/** What each setting does, in one sentence: shown beside its value and in the help. */
const MEANING: Record<keyof Settings, string> = {
  proxyPort: 'The port the local proxy and dashboard listen on (127.0.0.1); takes effect when the proxy next starts.',
  allowedOrigins: 'Web pages allowed to call the proxy from a browser (CORS).',
  connectTimeoutMs: 'How long to wait for a gateway to accept the connection before trying the next provider.',
  firstByteTimeoutMs: 'How long to wait for a gateway\'s first byte (its headers) before failing over to the next provider; for streams also the longest pause between chunks.',
  responseTimeoutMs: 'How long a non-streamed call may take in all (gateways send it only when done) before it is abandoned and failed over to the next provider.',
  retryAfterCapMs: 'The longest Retry-After of a 429 that is waited out (once) when no other provider answered.',
  breakerThreshold: 'Consecutive failures after which a provider is skipped for breakerCoolDownMs.',
  breakerCoolDownMs: 'How long a provider that kept failing is skipped before one probe call decides.',
  recordUsage: 'Keep a usage ledger row per call (tokens, cost, timings; never prompts or keys).',
  startAtLogin: 'Start the desktop app when you log in.',
  theme: 'The dashboard\'s colours: system, light or dark.',
  language: 'The dashboard\'s language: system, en or zh-CN.',
};

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

const HELP = `Usage:
  switchboard settings [--json]                 every setting, its value and what it does
  switchboard settings set <name> <value>       change one (lists take a,b,c)

Settings:
${table(NAMES.map((name) => [`  ${name}`, MEANING[name]]))}

Timeouts (names ending in Ms) take milliseconds, or a number with s, m or h (90s, 10m).`;

/** A command-line value read as the setting's type: number, true/false, list or text. */
function parseValue(name: keyof Settings, raw: string): unknown {
  const current = settingsSchema.shape[name];
  const kind = current.def.type;
  if (kind === 'number') {
    const unit = isDuration(name) ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/.exec(raw) : null;
    if (unit) return Math.round(Number(unit[1]) * UNIT_MS[unit[2] as keyof typeof UNIT_MS]);
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) {
      const takes = isDuration(name) ? 'milliseconds, or a duration such as 90s or 10m' : 'a number';
      throw new SwitchboardError('invalid_input', `${name} takes ${takes}, not "${raw}".`);
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

async function settingsCommand(app: App, argv: string[], io: Io): Promise<void> {
  const { values, positionals } = parseCommand('settings', argv, { json: { type: 'boolean' } });
  if (!positionals.length) {
    const all = await call(app, 'settings.get', {});
    if (values.json) return io.out(JSON.stringify(all, null, 2));
    // Each value with its meaning on the line below: a long list of origins would stretch a table.
    const width = Math.max(...NAMES.map((name) => name.length));
    return io.out(NAMES.map((name) => `${name.padEnd(width)}  ${shown(name, all[name])}\n  ${MEANING[name]}`).join('\n'));
  }
  const [sub, name, raw] = positionals;
  if (sub !== 'set' || !name || raw === undefined) throw new SwitchboardError('invalid_input', 'Use "switchboard settings set <name> <value>"; see "switchboard settings --help".');
  if (!NAMES.includes(name as keyof Settings)) throw new SwitchboardError('invalid_input', `There is no setting "${name}"; settings are: ${NAMES.join(', ')}.`);
  const updated = await call(app, 'settings.set', { [name]: parseValue(name as keyof Settings, raw) });
  io.out(values.json ? JSON.stringify(updated, null, 2) : `${name} = ${shown(name as keyof Settings, updated[name as keyof Settings])}`);
}

export const settingsCommands: Record<string, Command> = { settings: { help: HELP, subcommands: ['set'], run: settingsCommand } };
