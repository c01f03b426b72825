import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Channel, ChannelInput, ChannelOutput } from '../shared/contract';
import type { App } from './core/app';
import { SwitchboardError } from './core/errors';
import { dispatch } from './core/rpc';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with usage errors turned into one sentence that points at --help (answered before parsing, see cliHelp.ts). */
export function parseCommand<O extends OptionSpec>(command: string, argv: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    // A negative number reads as a flag to the parser; none of our values can be negative.
    // A value starting with a dash reads as a flag: after a flag that takes one, the parser calls it ambiguous.
    const ambiguous = /^Option '(--[a-z-]+)' argument is ambiguous/.exec((err as Error).message)?.[1];
    const dashed = ambiguous && argv[argv.indexOf(ambiguous) + 1];
    const negative = /^Unknown option '(-\d[\d.]*)'/.exec((err as Error).message)?.[1] ?? (dashed && /^-\d/.test(dashed) ? dashed : undefined);
    if (negative) throw new SwitchboardError('invalid_input', `${negative} is a negative number, and no value of "switchboard ${command}" can be below zero.`);
    if (dashed) throw new SwitchboardError('invalid_input', `${ambiguous} takes a value, and "${dashed}" after it reads as a flag; write ${ambiguous}=${dashed} if that is the value.`);
    const message = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new SwitchboardError('invalid_input', `${message.replace(/\.$/, '')}; see "switchboard ${command} --help".`);
  }
}

export function csv(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** A secret from its flag, or from standard input when the flag is "-" (kept out of shell history). */
export async function secretArg(value: string | undefined, flag: string, io: Io): Promise<string | undefined> {
  if (value !== '-') return value;
  const text = (await io.stdin()).trim();
  if (!text) throw new SwitchboardError('invalid_input', `${flag} - read nothing from standard input; pipe the secret in (${flag} - < secret.txt) or give it as ${flag} VALUE.`);
  return text;
}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  stdin: () => Promise<string>;
}

/** What a command does with the rest of its command line; returns the exit code (0 when void). */
export type Command = (app: App, argv: string[], io: Io) => Promise<number | void>;

/** Calls a channel through the same validation as IPC and HTTP. */
export async function call<C extends Channel>(app: App, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await dispatch(app.handlers, channel, input);
  if (!result.ok) throw new SwitchboardError(result.error.code as never, result.error.message, undefined, result.error.remedy);
  return result.data as ChannelOutput<C>;
}

/**
 * After pointing a tool at the local proxy: warns on stderr when nothing answers there (neither the
 * app nor "switchboard serve" runs), since the tool would then wait for an answer that never comes.
 */
export async function warnIfProxyDown(app: App, io: Io, toolLabel: string): Promise<void> {
  const probe = await call(app, 'proxy.probe', {});
  if (probe.answering) return;
  io.err(`switchboard: warning: nothing answers at ${probe.url}, the local proxy for ${toolLabel}; ${howToStartProxy(probe)} before using ${toolLabel}.`);
}

/** What gets the proxy answering where the tools look: starting it, or moving a server started on another port. */
export function howToStartProxy(probe: ChannelOutput<'proxy.probe'>): string {
  if (probe.elsewhere) return `a Switchboard server runs at ${probe.elsewhere} instead (serve --port); restart it without --port, so it listens on port ${probe.port}`;
  return 'start it with "switchboard serve" (or open the Switchboard app)';
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, command: string): T {
  if (!value) throw new SwitchboardError('invalid_input', `${flag} is required (${allowed.join('|')}); see "switchboard ${command} --help".`);
  if (!allowed.includes(value as T)) throw new SwitchboardError('invalid_input', `${flag} must be one of ${allowed.join(', ')}, not "${value}".`);
  return value as T;
}

export function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new SwitchboardError('invalid_input', `--port must be a number between 0 and 65535, not "${value}".`);
  return n;
}

/** A flag's number, or one sentence saying what the flag takes (`takes`) when `fits` refuses it. */
function numberFlag(value: string, flag: string, fits: (n: number) => boolean, takes: string): number {
  const n = Number(value);
  if (!fits(n)) throw new SwitchboardError('invalid_input', `${flag} takes ${takes}, not "${value}".`);
  return n;
}

export const nonNegativeNumber = (value: string, flag: string): number => numberFlag(value, flag, (n) => Number.isFinite(n) && n >= 0, 'a number of zero or more');

export const positiveNumber = (value: string, flag: string): number => numberFlag(value, flag, (n) => Number.isFinite(n) && n > 0, 'a number more than 0');

export const positiveInteger = (value: string, flag: string): number => numberFlag(value, flag, (n) => Number.isInteger(n) && n >= 1, 'a whole number of 1 or more');
