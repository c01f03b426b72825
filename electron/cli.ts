import fs from 'node:fs';
import type { ChannelInput, ChannelOutput } from '../shared/contract';
import { CLIENTS, TOOL_CLIENTS, type Client, type ToolClient } from '../shared/schemas';
import type { App } from './core/app';
import { APP_VERSION } from './core/version';
import { SwitchboardError, toSwitchboardError } from './core/errors';
import { displayPath } from './core/files/configErrors';
import { keychainVault } from './core/secrets/keychainVault';
import { openAppFromEnv } from './core/openApp';
import { settingNames, settingsCommands } from './cliSettings';
import { usageCommands } from './cliUsage';
import { accountCommands } from './cliAccounts';
import { call, csv, howToStartProxy, oneOf, parseCommand, parsePort, positiveNumber, secretArg, warnIfProxyDown, type Command, type Io } from './cliCommon';
import { table } from './cliTable';
import { localDateTime } from '../shared/localTime';
import { backupReasonSentence, backupsInEnglish } from '../shared/backupReasonSentences';
import { PROVIDER_HELP, ROUTE_HELP } from './cliHelp';
import { cliMessage } from './cliRemedy';
import { providerImportCommand } from './cliImport';
import { clientModules } from './core/clients';
import { dashboardCommands } from './cliDashboard';
import { COMPLETION_SHELLS, completeWords, completionScript } from './cliCompletion';
import { databaseFile, resolvePaths } from './core/paths';
import { ledgerUpgradeSentence, type LedgerUpgrade } from './core/store/ledgerUpgrade';

/** A long upgrade of the usage ledger is said on stderr before it starts: until it ends, the command prints nothing else. */
const sayLedgerUpgrade = (io: Io) => (upgrade: LedgerUpgrade) => io.err(ledgerUpgradeSentence(upgrade));

function openApp(io: Io): App {
  return openAppFromEnv({ env: io.env, keychain: keychainVault(), onLedgerUpgrade: sayLedgerUpgrade(io) });
}

function printProvider(io: Io, p: ChannelOutput<'providers.get'>) {
  io.out(
    table([
      ['name', p.name],
      ['protocols', p.protocols.join(', ')],
      ['chat', p.endpoints.chat ?? '-'],
      ['responses', p.endpoints.responses ?? '-'],
      ['anthropic', p.endpoints.anthropic ?? '-'],
      ['models', p.models.join(', ') || '-'],
      ['keys', p.keys.join(', ')],
      ['preset', p.preset ?? '-'],
      ['group ratio', String(p.groupRatio)],
      ['output limits', Object.entries(p.outputLimits).map(([m, n]) => `${m}=${n}`).join(', ') || '-'],
    ]),
  );
}

/** "model=N" pairs, as --output-limit takes them. */
function modelLimits(pairs: string[]): Record<string, number> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.lastIndexOf('=');
      const limit = Number(pair.slice(at + 1));
      if (at < 1 || !Number.isInteger(limit) || limit <= 0) {
        throw new SwitchboardError('invalid_input', `--output-limit takes MODEL=TOKENS (for example gpt-5.4=32000), not "${pair}".`);
      }
      return [pair.slice(0, at), limit];
    }),
  );
}

/** The options "provider edit" changes a provider with. */
const EDIT_FLAGS = ['rename', 'base-url', 'anthropic-url', 'key', 'extra-keys', 'protocols', 'models', 'group-ratio', 'output-limit'] as const;

async function providerCommand(app: App, argv: string[], io: Io): Promise<number | void> {
  const [sub, ...rest] = argv;
  if (sub === 'import') return providerImportCommand(app, rest, io);
  const { values, positionals } = parseCommand('provider', rest, {
    'base-url': { type: 'string' },
    'anthropic-url': { type: 'string' },
    key: { type: 'string' },
    'extra-keys': { type: 'string' },
    protocols: { type: 'string' },
    preset: { type: 'string' },
    models: { type: 'string' },
    rename: { type: 'string' },
    'group-ratio': { type: 'string' },
    'output-limit': { type: 'string', multiple: true },
    force: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (!sub) return io.out(PROVIDER_HELP);
  const name = positionals[0];
  const needName = () => {
    if (!name) throw new SwitchboardError('invalid_input', `provider ${sub} needs a provider name; see "switchboard provider --help".`);
    return name;
  };
  const protocols = csv(values.protocols) as ChannelInput<'providers.add'>['protocols'];
  const pricing = {
    groupRatio: values['group-ratio'] === undefined ? undefined : positiveNumber(values['group-ratio'], '--group-ratio'),
    outputLimits: values['output-limit'] ? modelLimits(values['output-limit']) : undefined,
  };
  const emit = (value: unknown, human: () => void): void => (values.json ? io.out(JSON.stringify(value, null, 2)) : human());
  switch (sub) {
    case 'add': {
      const key = await secretArg(values.key, '--key', io);
      if (!key) throw new SwitchboardError('invalid_input', 'A provider needs a key: pass --key KEY (or --key - to read it from standard input).');
      const p = await call(app, 'providers.add', {
        name: needName(),
        baseUrl: values['base-url'],
        anthropicUrl: values['anthropic-url'],
        key,
        extraKeys: csv(values['extra-keys']),
        protocols,
        preset: values.preset,
        models: csv(values.models),
        ...pricing,
      });
      return emit(p, () => {
        io.out(`Added provider ${p.name}.`);
        printProvider(io, p);
      });
    }
    case 'edit': {
      if (!EDIT_FLAGS.some((flag) => values[flag] !== undefined)) {
        throw new SwitchboardError('invalid_input', `Nothing to change in provider ${needName()}; give at least one of ${EDIT_FLAGS.map((flag) => `--${flag}`).join(', ')}.`);
      }
      const p = await call(app, 'providers.update', {
        name: needName(),
        newName: values.rename,
        baseUrl: values['base-url'],
        anthropicUrl: values['anthropic-url'],
        key: await secretArg(values.key, '--key', io),
        extraKeys: csv(values['extra-keys']),
        protocols,
        models: csv(values.models),
        ...pricing,
      });
      return emit(p, () => {
        io.out(`Updated provider ${p.name}.`);
        printProvider(io, p);
      });
    }
    case 'list': {
      const list = await call(app, 'providers.list', {});
      return emit(list, () => {
        if (!list.length) return io.out('No providers yet. Add one with: switchboard provider add NAME --base-url URL --key KEY');
        io.out(table([['NAME', 'PROTOCOLS', 'BASE URL', 'KEY'], ...list.map((p) => [p.name, p.protocols.join(','), p.baseUrl, p.keys[0] ?? ''])]));
      });
    }
    case 'show': {
      const p = await call(app, 'providers.get', { name: needName() });
      return emit(p, () => printProvider(io, p));
    }
    case 'rm':
    case 'remove': {
      const r = await call(app, 'providers.remove', { name: needName(), force: !!values.force });
      return emit(r, () => io.out(`Removed provider ${r.removed}.`));
    }
    case 'test': {
      const r = await call(app, 'providers.test', { name: needName() });
      emit(r, () => {
        io.out(r.ok ? `${r.provider}: OK, ${r.message}` : `${r.provider}: FAILED, ${cliMessage(r, 'provider')}`);
        if (r.models.length) io.out(`models: ${r.models.join(', ')}`);
      });
      return r.ok ? 0 : 1;
    }
    case 'presets': {
      const presets = await call(app, 'presets.list', {});
      return emit(presets, () =>
        io.out(table([['ID', 'NAME', 'PROTOCOLS', 'BASE URL'], ...presets.map((p) => [p.id, p.label, p.protocols.join(','), p.baseUrl ?? '(your gateway URL)'])])),
      );
    }
    default:
      throw new SwitchboardError('invalid_input', `Unknown provider command "${sub}"; see "switchboard provider --help".`);
  }
}

async function useCommand(app: App, argv: string[], io: Io) {
  const { values, positionals } = parseCommand('use', argv, {
    client: { type: 'string' },
    mode: { type: 'string' },
    model: { type: 'string' },
    'dry-run': { type: 'boolean' },
    'no-check': { type: 'boolean' },
    onboarding: { type: 'boolean' },
    'codex-auth': { type: 'string' },
    json: { type: 'boolean' },
  });
  const provider = positionals[0];
  if (!provider) throw new SwitchboardError('invalid_input', 'Say which provider to use: switchboard use <provider> --client claude|codex|hermes|chat.');
  const client = oneOf(values.client, CLIENTS, '--client', 'use');
  const mode = values.mode ? oneOf(values.mode, ['proxy', 'direct'] as const, '--mode', 'use') : 'proxy';
  if (client === 'chat') return useForChatClients(app, provider, { ...values, mode }, io);
  // A tool's own flag given to another tool would be ignored, and the user left believing it applied.
  if (values.onboarding && client !== 'claude') {
    throw new SwitchboardError('invalid_input', `--onboarding is for Claude Code only (--client claude); leave it out for ${client}.`);
  }
  if (values['codex-auth'] !== undefined && client !== 'codex') {
    throw new SwitchboardError('invalid_input', `--codex-auth is for Codex only (--client codex); leave it out for ${client}.`);
  }
  const result = await call(app, 'clients.apply', {
    client,
    provider,
    mode,
    model: values.model,
    dryRun: !!values['dry-run'],
    check: !values['no-check'],
    onboarding: !!values.onboarding,
    codexAuth: values['codex-auth'] ? oneOf(values['codex-auth'], ['auto', 'auth-json', 'bearer'] as const, '--codex-auth', 'use') : 'auto',
  });
  const pointedAtProxy = result.mode === 'proxy' && !result.dryRun;
  if (values.json) {
    io.out(JSON.stringify(result, null, 2));
    if (pointedAtProxy) await warnIfProxyDown(app, io, clientModules[client].label);
    return;
  }
  if (result.dryRun) {
    const changed = result.files.filter((f) => f.changed);
    if (!changed.length) return io.out('Nothing would change.');
    for (const f of changed) io.out(f.diff);
    return io.out(`(dry run: nothing was written)`);
  }
  if (result.check) io.out(result.check);
  for (const f of result.files) if (f.changed) io.out(`${f.created ? 'created' : 'updated'} ${displayPath(f.path)}`);
  io.out(`${client} now uses ${result.provider} (${result.mode}${result.model ? `, model ${result.model}` : ''}).${result.backupId ? ` Backup #${result.backupId}: "switchboard restore --client ${client}" undoes it.` : ''}`);
  if (pointedAtProxy) await warnIfProxyDown(app, io, clientModules[client].label);
}

/**
 * GUI chat clients always come through the proxy with their token: "use" puts the provider first in
 * their route (once its key answered), and the flags about a tool's files do not apply.
 */
async function useForChatClients(
  app: App,
  provider: string,
  values: { mode: 'proxy' | 'direct'; model?: string; 'dry-run'?: boolean; 'no-check'?: boolean; onboarding?: boolean; 'codex-auth'?: string; json?: boolean },
  io: Io,
) {
  const unusable = [values.mode === 'direct' && '--mode direct', values.onboarding && '--onboarding', values['codex-auth'] !== undefined && '--codex-auth'].filter(Boolean);
  if (unusable.length) {
    throw new SwitchboardError('invalid_input', `${unusable.join(' and ')} cannot apply to --client chat: GUI chat clients always reach gateways through the local proxy, so "use" only puts ${provider} first in their route.`);
  }
  const dryRun = !!values['dry-run'];
  const route = await call(app, 'routes.promote', { client: 'chat', provider, model: values.model, dryRun, check: !values['no-check'] });
  const token = await call(app, 'tokens.get', { client: 'chat' });
  if (values.json) io.out(JSON.stringify({ route, baseUrl: token.baseUrl, token: token.masked, dryRun }, null, 2));
  else if (dryRun) return io.out(`The chat route would be ${route.providers.join(' > ')} (dry run: nothing was changed).`);
  else {
    if (route.check) io.out(route.check);
    io.out(`GUI chat clients now reach ${provider} through ${token.baseUrl} (token ${token.masked}; "switchboard token --client chat" prints it).`);
  }
  if (!dryRun) await warnIfProxyDown(app, io, 'GUI chat clients');
}

const ORIGINAL_NOTE = '(original): the file as it was before Switchboard first changed it; such backups are never pruned.';

/** Said before a restore writes: the tool's files the backup does not hold keep whatever a later switch put there. */
function untouchedSentence({ backupId, untouched }: { backupId: number; untouched: string[] }): string {
  const them = untouched.length === 1 ? 'that file as it is' : 'those files as they are';
  return `Backup #${backupId} does not hold ${untouched.map(displayPath).join(', ')}: restoring it leaves ${them} now, with any change made since the backup.`;
}

async function restoreCommand(app: App, argv: string[], io: Io) {
  const { values } = parseCommand(
    'restore',
    argv,
    { client: { type: 'string' }, backup: { type: 'string' }, list: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
    false,
  );
  const client = oneOf(values.client, TOOL_CLIENTS, '--client', 'restore');
  if (values.list) {
    const backups = await call(app, 'clients.backups', { client });
    if (values.json) return io.out(JSON.stringify(backupsInEnglish(backups), null, 2));
    if (!backups.length) return io.out(`No backups of ${client} yet.`);
    const files = (b: (typeof backups)[number]) => b.files.map((f) => (f.original ? `${displayPath(f.path)} (original)` : displayPath(f.path))).join(', ');
    io.out(table([['ID', 'TAKEN', 'REASON', 'FILES'], ...backups.map((b) => [String(b.id), localDateTime(b.createdAt), backupReasonSentence(b.reason), files(b)])]));
    if (backups.some((b) => b.files.some((f) => f.original))) io.out(ORIGINAL_NOTE);
    return;
  }
  let backupId: number | undefined;
  if (values.backup !== undefined) {
    backupId = Number(values.backup);
    if (!Number.isInteger(backupId)) throw new SwitchboardError('invalid_input', `--backup takes a backup number (see --list), not "${values.backup}".`);
  }
  // Planned first, so the files left as they are are named before anything is written.
  const plan = await call(app, 'clients.restore', { client, backupId, dryRun: true });
  if (!values.json && plan.untouched.length) io.out(untouchedSentence(plan));
  const r = values['dry-run'] ? plan : await call(app, 'clients.restore', { client, backupId: plan.backupId });
  if (values.json) return io.out(JSON.stringify(r, null, 2));
  const files = r.files.map(displayPath).join(', ');
  io.out(r.dryRun ? `Would restore ${client} from backup #${r.backupId}: ${files} (dry run: nothing was changed).` : `Restored ${client} from backup #${r.backupId}: ${files}`);
}

async function statusCommand(app: App, argv: string[], io: Io) {
  const { values } = parseCommand('status', argv, { json: { type: 'boolean' } }, false);
  const clients = await call(app, 'clients.status', {});
  const routes = await call(app, 'routes.list', {});
  const info = await call(app, 'app.info', {});
  const breakers = await call(app, 'breakers.list', {});
  const probe = await call(app, 'proxy.probe', {});
  if (values.json) {
    // The breakers as scripts have always read them: the failure's code is the dashboard's, not part of this output.
    const published = breakers.map(({ provider, state, consecutiveFailures, retryAt, lastError }) => ({ provider, state, consecutiveFailures, retryAt, lastError }));
    return io.out(JSON.stringify({ proxy: { port: info.proxyPort, url: info.proxyUrl, answering: probe.answering, elsewhere: probe.elsewhere }, clients, routes, breakers: published }, null, 2));
  }
  const proxyDown = 'proxy not answering';
  const rows = [['TOOL', 'PROVIDER', 'MODE', 'MODEL', 'ROUTE', 'POINTS AT', 'STATE']];
  for (const c of clients) {
    const viaProxy = c.applied?.mode === 'proxy';
    const state = c.error
      ? `error: ${c.error}`
      : c.drift.length
        ? `drift: ${c.drift.map((d) => `${d.key} is ${d.actual}`).join('; ')}`
        : !c.applied
          ? 'not set by Switchboard'
          : viaProxy && !probe.answering
            ? proxyDown
            : 'ok';
    rows.push([c.client, c.provider ?? '-', c.applied?.mode ?? '-', c.current.model ?? '-', viaProxy ? c.route.join(' > ') || '-' : '-', c.current.baseUrl ?? '-', state]);
  }
  const chat = routes.find((r) => r.client === 'chat');
  const chatState = !chat?.providers.length ? 'not set' : probe.answering ? 'ok' : proxyDown;
  rows.push(['chat', chat?.providers[0] ?? '-', 'proxy', chat?.model ?? '-', chat?.providers.join(' > ') || '-', `${info.proxyUrl}/v1`, chatState]);
  io.out(`proxy: ${info.proxyUrl} ${probe.answering ? 'answers' : `does not answer: ${howToStartProxy(probe)}`}`);
  io.out(table(rows));
  const tripped = breakers.filter((b) => b.state !== 'closed' || b.consecutiveFailures > 0);
  if (tripped.length) {
    io.out('');
    io.out(
      table([
        ['PROVIDER', 'BREAKER', 'FAILURES', 'NEXT PROBE', 'LAST ERROR'],
        ...tripped.map((b) => [b.provider, b.state, String(b.consecutiveFailures), b.retryAt ? localDateTime(b.retryAt) : '-', b.lastError ?? '-']),
      ]),
    );
  }
}

/** "provider" or "provider=model" (ask this provider for that model). */
function hopOf(arg: string): { provider: string; model?: string } {
  const at = arg.indexOf('=');
  return at === -1 ? { provider: arg } : { provider: arg.slice(0, at), model: arg.slice(at + 1) };
}

/** --map "provider:pattern=model" entries, grouped per provider. */
function mapsOf(entries: string[]): Map<string, Record<string, string>> {
  const maps = new Map<string, Record<string, string>>();
  for (const entry of entries) {
    const m = /^([^:]+):([^=]+)=(.+)$/.exec(entry);
    if (!m) throw new SwitchboardError('invalid_input', `--map takes PROVIDER:PATTERN=MODEL (for example "gw:claude-sonnet-*=gpt-5.4"), not "${entry}".`);
    maps.set(m[1], { ...maps.get(m[1]), [m[2]]: m[3] });
  }
  return maps;
}

function statusCodes(value: string | undefined): number[] | undefined {
  return csv(value)?.map((code) => {
    const n = Number(code);
    if (!Number.isInteger(n) || n < 400 || n > 599) throw new SwitchboardError('invalid_input', `--retry-status takes HTTP error codes (400-599), not "${code}".`);
    return n;
  });
}

async function routeCommand(app: App, argv: string[], io: Io) {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseCommand('route', rest, {
    client: { type: 'string' },
    model: { type: 'string' },
    map: { type: 'string', multiple: true },
    strict: { type: 'boolean' },
    'no-strict': { type: 'boolean' },
    'retry-status': { type: 'string' },
    'retry-text': { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  if (!sub) return io.out(ROUTE_HELP);
  if (sub === 'list') {
    const routes = await call(app, 'routes.list', {});
    if (values.json) return io.out(JSON.stringify(routes, null, 2));
    const hopText = (h: (typeof routes)[number]['hops'][number]) =>
      `${h.provider}${h.model ? `=${h.model}` : ''}${Object.keys(h.models).length ? ` {${Object.entries(h.models).map(([p, m]) => `${p}->${m}`).join(', ')}}` : ''}${h.breaker === 'closed' ? '' : ` [${h.breaker}]`}`;
    return io.out(
      table([
        ['CLIENT', 'CHAIN', 'STRICT MODEL', 'EXTRA RETRIES'],
        ...routes.map((r) => [
          r.client,
          r.hops.map(hopText).join(' > ') || '-',
          r.strictModel ? 'yes' : 'no',
          [...r.retryStatuses.map(String), ...r.retryPatterns.map((p) => JSON.stringify(p))].join(', ') || '-',
        ]),
      ]),
    );
  }
  if (sub !== 'set') throw new SwitchboardError('invalid_input', `Unknown route command "${sub}"; see "switchboard route --help".`);
  const client = oneOf(values.client, CLIENTS, '--client', 'route');
  if (!positionals.length) throw new SwitchboardError('invalid_input', 'route set needs at least one provider, in the order to try them.');
  const maps = mapsOf(values.map ?? []);
  const hops = positionals.map(hopOf).map((hop) => ({ ...hop, model: hop.model ?? values.model, models: maps.get(hop.provider) }));
  for (const name of maps.keys()) {
    if (!hops.some((h) => h.provider === name)) throw new SwitchboardError('invalid_input', `--map names ${name}, which is not in the chain (${positionals.join(' ')}).`);
  }
  const route = await call(app, 'routes.set', {
    client,
    hops,
    strictModel: values.strict ? true : values['no-strict'] ? false : undefined,
    retryStatuses: statusCodes(values['retry-status']),
    retryPatterns: values['retry-text'],
  });
  if (values.json) return io.out(JSON.stringify(route, null, 2));
  io.out(`${client}: ${route.providers.join(' > ')}${route.strictModel ? ' (strict model)' : ''}`);
}

async function tokenCommand(app: App, argv: string[], io: Io) {
  const { values } = parseCommand('token', argv, { client: { type: 'string' }, rotate: { type: 'boolean' }, json: { type: 'boolean' } }, false);
  const client: Client = oneOf(values.client, CLIENTS, '--client', 'token');
  if (!values.rotate) {
    const t = await call(app, 'tokens.get', { client });
    return io.out(values.json ? JSON.stringify(t, null, 2) : t.token);
  }
  const t = await call(app, 'tokens.rotate', { client });
  io.out(values.json ? JSON.stringify(t, null, 2) : t.token);
  // stdout stays the token alone (scripts read it); the files that now hold it are named on stderr.
  if (values.json) return;
  for (const file of t.updated) io.err(`updated ${displayPath(file)} with the new token`);
  if (t.leftAsTheyAre) {
    const label = clientModules[client as ToolClient].label;
    io.err(`${label}'s files no longer hold its old token (they were changed outside Switchboard), so they were left as they are; "switchboard use <provider> --client ${client}" points it at the proxy again.`);
  }
}

async function runCommand(app: App, argv: string[], io: Io): Promise<number> {
  const dash = argv.indexOf('--');
  const own = dash === -1 ? argv : argv.slice(0, dash);
  const toolArgs = dash === -1 ? [] : argv.slice(dash + 1);
  const { values, positionals } = parseCommand('run', own, { provider: { type: 'string' }, model: { type: 'string' }, mode: { type: 'string' } });
  const tool: ToolClient = oneOf(positionals[0], TOOL_CLIENTS, 'The tool', 'run');
  const mode = values.mode ? oneOf(values.mode, ['proxy', 'direct'] as const, '--mode', 'run') : 'direct';
  if (mode === 'direct') {
    if (!values.provider) throw new SwitchboardError('invalid_input', 'run needs --provider P: the provider this session should use (or --mode proxy to go through the local proxy).');
    return app.run(tool, values.provider, { mode, model: values.model, toolArgs });
  }
  // Through the proxy the tool's token decides the provider, so the run follows the tool's route.
  const route = (await call(app, 'routes.list', {})).find((r) => r.client === tool)!;
  const first = route.providers[0];
  if (!first) throw new SwitchboardError('invalid_input', `${tool}'s route is empty; set it with "switchboard route set --client ${tool} PROVIDER [...]", then run again.`);
  if (values.provider && values.provider !== first) {
    throw new SwitchboardError(
      'invalid_input',
      `Through the local proxy, ${tool} follows its route (${route.providers.join(' > ')}), which starts with ${first}, not ${values.provider}; leave out --provider to use the route, or put ${values.provider} first with "switchboard route set --client ${tool} ${values.provider}".`,
    );
  }
  await warnIfProxyDown(app, io, clientModules[tool].label);
  return app.run(tool, first, { mode, model: values.model, toolArgs });
}

async function serveCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommand('serve', argv, { port: { type: 'string' }, host: { type: 'string' } }, false);
  const { startHeadless, ensureDashboardBuilt } = await import('./headless');
  ensureDashboardBuilt(io.out);
  const running = await startHeadless({ env: io.env, port: parsePort(values.port), host: values.host, onLedgerUpgrade: sayLedgerUpgrade(io) });
  // Listening for Ctrl+C before the link is printed: a stop right after it still closes cleanly.
  // A closed terminal (SIGHUP) stops it the same way: the ledger's last calls are written, not lost.
  const stopped = new Promise<void>((resolve) => {
    const stop = () => resolve();
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, stop);
  });
  io.out(`Switchboard ${APP_VERSION} is serving on ${running.url} (proxy and dashboard).`);
  io.out(`Open the dashboard: ${running.loginUrl()}`);
  io.out('The link works once. Press Ctrl+C to stop.');
  await stopped;
  await running.close();
  return 0;
}

/** Every command that works on the app's data; serve (which starts its own) is runCommandLine's. */
export const COMMANDS: Record<string, Command> = {
  provider: providerCommand,
  use: useCommand,
  run: runCommand,
  restore: restoreCommand,
  status: statusCommand,
  route: routeCommand,
  token: tokenCommand,
  ...dashboardCommands,
  ...usageCommands,
  ...settingsCommands,
  ...accountCommands,
};

/** `switchboard completion bash|zsh`: the shell's completion script, with no data folder opened. */
function completionCommand(argv: string[], io: Io): number {
  const { positionals } = parseCommand('completion', argv, {});
  io.out(completionScript(oneOf(positionals[0], COMPLETION_SHELLS, 'The shell', 'completion')));
  return 0;
}

/** The words the completion script asks for, one per line; the data folder is opened only for names. */
async function completeCommand(argv: string[], io: Io, app: () => App): Promise<number> {
  // A Tab press never creates a data folder: with no database there are no names yet.
  const stored = fs.existsSync(databaseFile(resolvePaths(io.env).home));
  const names = {
    providers: async () => (stored ? (await app().handlers['providers.list']({})).map((p) => p.name) : []),
    accounts: async () => (stored ? (await app().handlers['accounts.list']({})).map((a) => a.name) : []),
    settings: async () => settingNames(),
  };
  const words = await completeWords(argv, names);
  if (words.length) io.out(words.join('\n'));
  return 0;
}

/** Runs one command (help was answered before, see cliMain.ts); returns the exit code. Errors become one sentence on stderr. */
export async function runCommandLine(command: string, argv: string[], io: Io): Promise<number> {
  let app: App | undefined;
  try {
    if (command === 'serve') return await serveCommand(argv, io);
    if (command === 'completion') return completionCommand(argv, io);
    if (command === '__complete') return await completeCommand(argv, io, () => (app ??= openApp(io)));
    if (!Object.prototype.hasOwnProperty.call(COMMANDS, command)) {
      throw new SwitchboardError('invalid_input', `Unknown command "${command}"; run "switchboard --help" for the list.`);
    }
    app = openApp(io);
    return (await COMMANDS[command](app, argv, io)) ?? 0;
  } catch (err) {
    const e = toSwitchboardError(err);
    io.err(`switchboard: ${cliMessage(e, command)}`);
    return e.code === 'invalid_input' ? 2 : 1;
  } finally {
    app?.close();
  }
}
