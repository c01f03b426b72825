import { maskSecret } from '../../shared/mask';
import { localTimeZone } from '../../shared/localTime';
import { contract, type Handlers } from '../../shared/contract';
import { CLIENTS, type Client, type Mode, type Protocol, type ToolClient } from '../../shared/schemas';
import { fail } from './errors';
import { databaseFile, type AppPaths } from './paths';
import { createProviderService, type ResolvedProvider } from './providers/service';
import type { SecretStore } from './secrets/secretStore';
import { openDatabase } from './store/db';
import type { LedgerUpgrade } from './store/ledgerUpgrade';
import { maskStoredKeys } from './store/maskStoredKeys';
import { resealLegacySecrets } from './store/resealSecrets';
import { legacyKeyFileUnsealer, type LegacyUnsealer } from './secrets/legacy';
import { createLocalTokenRepo } from './store/localTokens';
import { createLoginTokenRepo } from './store/loginTokens';
import { createProviderRepo } from './store/providers';
import { createRouteRepo } from './store/routes';
import { createSettingsRepo } from './store/settings';
import { createClientService } from './clients/service';
import { clientModules, DIRECT_PROTOCOL } from './clients';
import type { ClientTarget } from './clients/types';
import { createBreakers } from './proxy/breaker';
import { createKeyHealth } from './proxy/keyHealth';
import type { ProxyView } from './proxy/handler';
import { answersHttp } from './server/probe';
import { findRunningServer } from './server/serverFile';
import { createRouteService, type ResolvedRoute } from './routes/service';
import { cachedUntilDbChanges } from './store/cachedView';
import { createPriceRepo } from './store/prices';
import { createUsageRepo } from './store/usage';
import { createSettingsService, DEFAULT_PROXY_PORT } from './settings/service';
import { createUsageLedger } from './usage/ledger';
import { createPriceService } from './usage/prices';
import { createUsageService } from './usage/service';
import type { PriceSnapshot } from './usage/cost';
import { createAccountRepo } from './accounts/repo';
import type { AccountService } from './accounts/service';
import { createAccountHandlers } from './accounts/handlers';
import { createImportService } from './imports/service';
import { APP_VERSION } from './version';

export { DEFAULT_PROXY_PORT };

export interface AppOptions {
  paths: AppPaths;
  secrets: SecretStore;
  /** Openers for secrets sealed before the shared data key that only this side can open (the desktop's ss1:). */
  legacySecrets?: LegacyUnsealer[];
  now?: () => number;
  /** Overrides the stored proxy port (SWITCHBOARD_PORT, --port). */
  proxyPort?: number;
  /** Told before a schema upgrade that takes a while on a big usage ledger (ledgerUpgradeSentence words it). */
  onLedgerUpgrade?: (upgrade: LedgerUpgrade) => void;
}

const PROTOCOL_LABEL: Record<Protocol, string> = {
  anthropic: 'Anthropic Messages',
  chat: 'OpenAI Chat Completions',
  responses: 'OpenAI Responses',
};

/** Wires every service over one database; returns the contract handlers and the services behind them. */
export function createApp(options: AppOptions) {
  const { paths, secrets } = options;
  const now = options.now ?? Date.now;
  const db = openDatabase(databaseFile(paths.home), { onLedgerUpgrade: options.onLedgerUpgrade });
  resealLegacySecrets(db, secrets, [legacyKeyFileUnsealer(paths.home), ...(options.legacySecrets ?? [])].filter((u) => u !== null));
  maskStoredKeys(db, secrets);
  const settings = createSettingsRepo(db);
  const userSettings = createSettingsService(settings);
  const tokens = createLocalTokenRepo(db, secrets, now);
  const providerRepo = createProviderRepo(db);
  const breakers = createBreakers(
    () => ({ threshold: userSettings.read('breakerThreshold'), coolDownMs: userSettings.read('breakerCoolDownMs') }),
    now,
    { load: () => settings.get('proxy.breakers', {}), save: (states) => settings.set('proxy.breakers', states), live: () => providerRepo.ids() },
  );
  const keyHealth = createKeyHealth(now);
  const loginTokens = createLoginTokenRepo(db, now);
  const usageRepo = createUsageRepo(db);
  const ledger = createUsageLedger(usageRepo);
  const renameInHistory = (from: string, to: string) => {
    ledger.flush();
    usageRepo.renameProvider(from, to);
  };
  const providers = createProviderService({ repo: providerRepo, secrets, now, renameInHistory });
  const clients = createClientService({ db, secrets, paths, now });
  const imports = createImportService({ paths, providers });
  const routeService = createRouteService({ repo: createRouteRepo(db), providers, breakers, now });
  const usage = createUsageService({ repo: usageRepo, ledger, now, providerNames: () => providers.list().map((p) => p.name) });
  const prices = createPriceService({ repo: createPriceRepo(db), providers, now });
  // The gateway consoles, balance sources and the audit load on the first accounts call: most
  // commands (and every `switchboard status`) make none, and need not parse that code.
  let accountService: Promise<AccountService> | undefined;
  const accounts = (): Promise<AccountService> =>
    (accountService ??= import('./accounts/service').then(({ createAccountService }) =>
      createAccountService({ repo: createAccountRepo(db), secrets, providers, prices, usage: usageRepo, flushLedger: ledger.flush, now }),
    ));

  /** The port the proxy really listens on, once it does (port 0 asks the system for a free one). */
  let listeningPort: number | undefined;
  const proxyPort = (): number => listeningPort ?? options.proxyPort ?? userSettings.read('proxyPort');
  const proxyRoot = () => `http://127.0.0.1:${proxyPort()}`;

  /** Where a tool should point: the gateway itself, or the local proxy with the tool's own token. */
  function targetFor(client: ToolClient, provider: ResolvedProvider, mode: Mode, extra: Pick<ClientTarget, 'model' | 'onboarding' | 'codexAuth'>): ClientTarget {
    if (mode === 'direct') {
      const needed = DIRECT_PROTOCOL[client];
      if (!provider.protocols.includes(needed)) {
        fail(
          'invalid_input',
          `${clientModules[client].label} needs the ${PROTOCOL_LABEL[needed]} protocol, which ${provider.name} does not speak (${provider.protocols.join(', ')}).`,
          { kind: 'proxy_mode', client, provider: provider.name },
        );
      }
      return { providerName: provider.name, mode, openaiBaseUrl: provider.baseUrl, anthropicBaseUrl: provider.anthropicUrl, apiKey: provider.keys[0], ...extra };
    }
    return { providerName: provider.name, mode, openaiBaseUrl: `${proxyRoot()}/v1`, anthropicBaseUrl: proxyRoot(), apiKey: tokens.ensure(client), ...extra };
  }

  /**
   * A new token for a client. A tool set up through the proxy holds the token in its own files: it
   * gets the new one there too, in place of the old one and nothing else (backed up), or the proxy
   * would refuse it from now on. A tool whose files no longer use the token (switched elsewhere by
   * hand) keeps them as they are. A file that does not parse, cannot be written, or that another
   * program wrote during the rotation stops it before anything changes (the old token stays).
   */
  async function rotateToken(client: Client) {
    const applied = client === 'chat' ? null : clients.applied(client);
    if (client === 'chat' || applied?.mode !== 'proxy') return { ...tokenView(client, tokens.rotate(client)), updated: [], leftAsTheyAre: false };
    const old = tokens.ensure(client);
    let token = old;
    const updated = clients.swapToken(client, old, () => (token = tokens.rotate(client)));
    return { ...tokenView(client, token), updated: updated ?? [], leftAsTheyAre: updated === null };
  }

  /**
   * What the proxy needs on every call (who a token belongs to, each client's route with keys in
   * clear, allowed origins), kept in memory and rebuilt when the database changes.
   */
  const proxyView = cachedUntilDbChanges(db, (): ProxyView & { priceOf(providerId: number, model: string): PriceSnapshot } => {
    const routesByClient = new Map<Client, ResolvedRoute>();
    const pricesByModel = new Map<string, PriceSnapshot>();
    const groupRatios = new Map(providers.list().map((p) => [p.id, p.groupRatio] as const));
    return {
      clientOf: new Map(CLIENTS.map((client) => [tokens.ensure(client), client] as const)),
      routeOf(client: Client): ResolvedRoute {
        let route = routesByClient.get(client);
        if (!route) {
          route = routeService.resolve(client);
          routesByClient.set(client, route);
        }
        return route;
      },
      priceOf(providerId: number, model: string): PriceSnapshot {
        const key = `${providerId}\u0000${model}`;
        let price = pricesByModel.get(key);
        if (!price) {
          price = prices.snapshot(providerId, model, groupRatios.get(providerId) ?? 1);
          pricesByModel.set(key, price);
        }
        return price;
      },
      allowedOrigins: userSettings.read('allowedOrigins'),
      timeouts: {
        firstByteMs: userSettings.read('firstByteTimeoutMs'),
        responseMs: userSettings.read('responseTimeoutMs'),
        retryAfterCapMs: userSettings.read('retryAfterCapMs'),
      },
      recordUsage: userSettings.read('recordUsage'),
    };
  });

  const tokenView = (client: Client, token: string) => ({
    client,
    token,
    masked: maskSecret(token),
    baseUrl: client === 'claude' ? proxyRoot() : `${proxyRoot()}/v1`,
  });

  const coreHandlers: Handlers = {
    'app.info': () => ({ version: APP_VERSION, home: paths.home, secretStore: secrets.kind, proxyPort: proxyPort(), proxyUrl: proxyRoot(), timeZone: localTimeZone(now()) }),
    'proxy.probe': async () => {
      const port = proxyPort();
      // Every Switchboard server (the app, "switchboard serve") records itself in the data folder:
      // with no live one recorded, none answers, and `status` opens no socket (nor loads node:net).
      const running = await findRunningServer(paths.home);
      if (!running) return { port, url: proxyRoot(), answering: false, elsewhere: null };
      // The record is the last server started: another may still listen on the proxy's port.
      const answering = running.port === port || (await answersHttp(port));
      return { port, url: proxyRoot(), answering, elsewhere: answering ? null : running.url };
    },
    'presets.list': () => [...providers.presets()],
    'providers.list': () => providers.list(),
    'providers.get': ({ name }) => providers.show(name),
    'providers.add': (input) => providers.add(input),
    'providers.update': (input) => providers.update(input),
    'providers.remove': ({ name, force }) => {
      const p = providers.resolve(name);
      const users = routeService.usersOf(p.id);
      if (users.length && !force) {
        fail('conflict', `${p.name} is in use by ${users.join(', ')}; switch ${users.length > 1 ? 'them' : 'it'} to another provider first, or remove with --force.`);
      }
      routeService.dropProvider(p.id);
      providers.remove(p.name);
      breakers.forget(p.id);
      return { removed: p.name };
    },
    'providers.test': ({ name }) => providers.test(name),
    'clients.status': () =>
      clients.status().map((status) => {
        const route = routeService.view(status.client).providers;
        const provider = status.applied?.mode === 'direct' ? status.applied.provider : status.applied ? route[0] ?? null : null;
        return { ...status, route, provider };
      }),
    'clients.apply': async (input) => {
      const provider = providers.resolve(input.provider);
      const target = targetFor(input.client, provider, input.mode, { model: input.model, onboarding: input.onboarding, codexAuth: input.codexAuth });
      const check = input.check && !input.dryRun ? (await providers.checkKey(provider.name, input.model)).message : null;
      const result = await clients.apply({ client: input.client, providerId: provider.id, providerName: provider.name, target, dryRun: input.dryRun });
      if (!input.dryRun) routeService.promote(input.client, provider.name, input.model, false, true);
      return { ...result, check };
    },
    'clients.restore': ({ client, backupId, dryRun }) => clients.restore(client, backupId, () => tokens.ensure(client), dryRun),
    'clients.backups': ({ client }) => clients.backups(client),
    'routes.list': () => CLIENTS.map((client) => routeService.view(client)),
    'routes.set': (input) => routeService.set(input),
    'routes.promote': async ({ client, provider, model, dryRun, check }) => {
      const checked = check && !dryRun ? (await providers.checkKey(provider, model)).message : null;
      return { ...routeService.promote(client, provider, model, dryRun), check: checked };
    },
    'breakers.list': () => providers.list().map((p) => breakers.view(p.id, p.name)),
    'tokens.get': ({ client }) => tokenView(client, tokens.ensure(client)),
    'tokens.rotate': ({ client }) => rotateToken(client),
    'usage.summary': (input) => usage.summary(input),
    'usage.timeseries': (input) => usage.timeseries(input),
    'usage.latency': (input) => usage.latency(input),
    'usage.calls': (input) => usage.calls(input),
    'usage.exportCsv': (input) => usage.exportCsv(input),
    'usage.servedInstead': (input) => usage.servedInstead(input),
    'usage.diagnostic': (input) => usage.diagnostic(input),
    'prices.list': (input) => prices.list(input),
    'prices.set': (input) => prices.set(input),
    'prices.remove': (input) => prices.remove(input),
    'prices.sync': (input) => prices.sync(input),
    'providers.importScan': () => imports.scan(),
    'providers.import': ({ client, name }) => imports.import(client, name),
    'settings.get': () => userSettings.all(),
    'settings.set': (input) => userSettings.update(input),
    ...createAccountHandlers(accounts),
  };

  // Every write goes through a handler; the proxy sees it on its next call. Reads (the dashboard
  // polls several) leave the view alone: a rebuild costs the proxy its optimised code.
  const changesSoFar = db.prepare<[], number>('SELECT total_changes()').pluck();
  const handlers = Object.fromEntries(
    Object.entries(coreHandlers).map(([channel, handler]) => [
      channel,
      async (input: never) => {
        const before = changesSoFar.get();
        try {
          return await (handler as (i: never) => unknown)(input);
        } finally {
          if (changesSoFar.get() !== before) proxyView.invalidate();
        }
      },
    ]),
  ) as Handlers;

  return {
    handlers,
    contract,
    db,
    paths,
    /** The app's clock (tests pass a controllable one). */
    now,
    settings,
    tokens,
    loginTokens,
    routes: routeService,
    breakers,
    providers,
    clients,
    proxyPort,
    /** Tells the app where its proxy listens, so the URLs it writes into tools' files are right. */
    listeningOn(port: number): void {
      listeningPort = port;
    },
    proxyView,
    usage,
    prices,
    ledger,
    userSettings,
    /** What the proxy handler needs from the app (the server adds its dispatcher and body limit). */
    proxyDeps: {
      view: () => proxyView(),
      breakers,
      keys: keyHealth,
      ledger,
      priceOf: (providerId: number, model: string) => proxyView().priceOf(providerId, model),
      now,
    },
    /** A one-off run of a tool pointed at a provider; resolves to the tool's exit code. */
    async run(client: ToolClient, providerName: string, opts: { mode: Mode; model?: string; toolArgs: string[] }): Promise<number> {
      const provider = providers.resolve(providerName);
      const target = targetFor(client, provider, opts.mode, { model: opts.model, onboarding: false, codexAuth: 'bearer' });
      return clients.launch(client, target, opts.toolArgs);
    },
    /** Writes the ledger's pending rows, then closes the database. */
    close(): void {
      ledger.close();
      db.close();
    },
  };
}

export type App = ReturnType<typeof createApp>;
