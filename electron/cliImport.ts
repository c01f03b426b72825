import { TOOL_CLIENTS } from '../shared/schemas';
import type { App } from './core/app';
import { SwitchboardError } from './core/errors';
import { call, oneOf, parseCommand, type Io } from './cliCommon';
import { table } from './cliTable';

/** `switchboard provider import`: adds the providers found in the tools' own settings. */
export async function providerImportCommand(app: App, argv: string[], io: Io): Promise<number | void> {
  const { values } = parseCommand('provider import', argv, { from: { type: 'string' }, name: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } }, false);
  const from = values.from === undefined ? undefined : oneOf(values.from, TOOL_CLIENTS, '--from', 'provider import');
  const scan = await call(app, 'providers.importScan', {});
  const found = scan.found.filter((c) => !from || c.client === from);
  const unreadable = scan.unreadable.filter((u) => !from || u.client === from);
  for (const u of unreadable) io.err(`switchboard: ${u.label} was skipped: ${u.message}`);
  const fresh = found.filter((c) => !c.existing);
  // With none to import, --name names nothing: the table or "Nothing to import" below says why.
  if (values.name && fresh.length > 1) {
    throw new SwitchboardError('invalid_input', `--name names one provider, but ${fresh.length} tools have a gateway to import; pick one with --from claude|codex|hermes.`);
  }
  const imported = new Map<string, string>();
  if (!values['dry-run']) for (const c of fresh) imported.set(c.client, (await call(app, 'providers.import', { client: c.client, name: values.name })).name);
  if (values.json) return io.out(JSON.stringify({ found, unreadable, imported: Object.fromEntries(imported) }, null, 2));
  if (!found.length) {
    const readable = unreadable.length ? ' in the settings that could be read' : '';
    return io.out(`Nothing to import: ${from ? `${from} has no` : 'neither Claude Code, Codex nor Hermes has a'} gateway address and key of its own${readable}.`);
  }
  io.out(
    table([
      ['TOOL', 'ADDRESS', 'KEY', 'MODEL', 'PROVIDER'],
      ...found.map((c) => [c.label, c.baseUrl, c.key, c.model ?? '-', c.existing ? `${c.existing} (already added)` : imported.get(c.client) ?? `${values.name ?? c.name} (not added yet)`]),
    ]),
  );
  if (values['dry-run']) return io.out('(dry run: nothing was added)');
  const [first] = [...imported.entries()];
  if (first) io.out(`Imported ${[...imported.values()].join(', ')}; "switchboard use ${first[1]} --client ${first[0]}" switches a tool to it.`);
}
