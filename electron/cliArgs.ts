import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SwitchboardError } from './core/errors';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with usage errors turned into one sentence that points at --help. */
export function parseCommand<O extends OptionSpec>(command: string, argv: string[], options: O, allowPositionals = true) {
  const withHelp = { ...options, help: { type: 'boolean', short: 'h' } } as O & { help: { type: 'boolean'; short: 'h' } };
  try {
    return parseArgs({ args: argv, options: withHelp, allowPositionals, strict: true });
  } catch (err) {
    const message = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new SwitchboardError('invalid_input', `${message.replace(/\.$/, '')}; see "switchboard ${command} --help".`);
  }
}

export function csv(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Prints rows as aligned columns. */
export function table(rows: string[][]): string {
  if (!rows.length) return '';
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n');
}
