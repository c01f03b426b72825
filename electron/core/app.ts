import path from 'node:path';
import { maskSecret } from '../../shared/mask';
import { contract, type Handlers } from '../../shared/contract';
import { CLIENTS, type Client, type Mode, type Protocol, type ToolClient } from '../../shared/schemas';
import { fail } from './errors';
import type { AppPaths } from './paths';
import { createProviderService, type ResolvedProvider } from './providers/service';
import type { SecretStore } from './secrets/secretStore';
import { openDatabase } from './store/db';
import { createLocalTokenRepo } from './store/localTokens';
import { createLoginTokenRepo } from './store/loginTokens';
import { createProviderRepo } from './store/providers';
import { createRouteRepo } from './store/routes';
import { createSettingsRepo } from './store/settings';
import { createClientService } from './clients/service';
import { clientModules } from './clients';
import type { ClientTarget } from './clients/types';
import { DEFAULT_ALLOWED_ORIGINS } from './proxy/cors';
import type { Hop } from './proxy/forward';
import { cachedUntilDbChanges } from './store/cachedView';

export const DEFAULT_PROXY_PORT = 17170;
export const APP_VERSION = '0.1.0';

export interface AppOptions {
  paths: AppPaths;
  secrets: SecretStore;
  now?: () => number;
  /** Overrides the stored proxy port (SWITCHBOARD_PORT, --port). */
  proxyPort?: number;
}

/** Which protocol each tool speaks when it talks to a gateway directly. */
const DIRECT_PROTOCOL: Record<ToolClient, Protocol> = { claude: 'anthropic', codex: 'responses', hermes: 'chat' };
const PROTOCOL_LABEL: Record<Protocol, string> = {
  anthropic: 'Anthropic Messages',
  chat: 'OpenAI Chat Completions',
  responses: 'OpenAI Responses',
};

/** Wires every service over one database; returns the contract handlers and the services behind them. */
export function createApp(options: AppOptions) {
  const { paths, secrets } = options;
  const now = options.now ?? Date.now;
  const db = openDatabase(path.join(paths.home, 'switchboard.db'));
  const settings = createSettingsRepo(db);
  const tokens = createLocalTokenRepo(db, secrets, now);
  const routes = createRouteRepo(db);
  const loginTokens = createLoginTokenRepo(db, now);
  const providers = createProviderService({ repo: createProviderRepo(db), secrets, now });
  const clients = createClientService({ db, secrets, paths, now });

  const proxyPort = (): number => options.proxyPort ?? settings.get('proxy.port', DEFAULT_PROXY_PORT);
  const proxyRoot = () => `http://127.0.0.1:${proxyPort()}`;

  /** Where a tool should point: the gateway itself, or the local proxy with the tool's own token. */
  function targetFor(client: ToolClient, provider: ResolvedProvider, mode: Mode, extra: Pick<ClientTarget, 'model' | 'onboarding' | 'codexAuth'>): ClientTarget {
    if (mode === 'direct') {
      const needed = DIRECT_PROTOCOL[client];
      if (!provider.protocols.includes(needed)) {
        fail(
          'invalid_input',
          `${clientModules[client].label} needs the ${PROTOCOL_LABEL[needed]} protocol, which ${provider.name} does not speak (${provider.protocols.join(', ')}); use --mode proxy so Switchboard converts.`,
        );
      }
      return { providerName: provider.name, mode, openaiBaseUrl: provider.baseUrl, anthropicBaseUrl: provider.anthropicUrl, apiKey: provider.keys[0], ...extra };
    }
    return { providerName: provider.name, mode, openaiBaseUrl: `${proxyRoot()}/v1`, anthropicBaseUrl: proxyRoot(), apiKey: tokens.ensure(client), ...extra };
  }

  /**
   * What the proxy needs on every call (who a token belongs to, each client's route with keys in
   * clear, allowed origins), kept in memory and rebuilt when the database changes.
   */
  const proxyView = cachedUntilDbChanges(db, () => {
    const routesByClient = new Map<Client, Hop[]>();
    return {
      clientOf: new Map(CLIENTS.map((client) => [tokens.ensure(client), client] as const)),
      routeOf(client: Client): Hop[] {
        let hops = routesByClient.get(client);
        if (!hops) {
          hops = routes.get(client).flatMap((hop) => {
            const provider = providers.resolveById(hop.providerId);
            return provider ? [{ provider, model: hop.model }] : [];
          });
          routesByClient.set(client, hops);
        }
        return hops;
      },
      allowedOrigins: settings.get<string[]>('proxy.allowedOrigins', DEFAULT_ALLOWED_ORIGINS),
    };
  });

  const routeView = (client: Client) => {
    const chain = routes.get(client);
    return {
      client,
      providers: chain.map((hop) => providers.resolveById(hop.providerId)?.name ?? `#${hop.providerId} (removed)`),
      model: chain[0]?.model ?? null,
    };
  };

  const setRoute = (client: Client, names: string[], model?: string) => {
    const chain = names.map((name) => ({ providerId: providers.resolve(name).id, ...(model ? { model } : {}) }));
    routes.set(client, chain, now());
    return routeView(client);
  };

  const tokenView = (client: Client, token: string) => ({
    client,
    token,
    masked: maskSecret(token),
    baseUrl: client === 'claude' ? proxyRoot() : `${proxyRoot()}/v1`,
  });

  const coreHandlers: Handlers = {
    'app.info': () => ({ version: APP_VERSION, home: paths.home, secretStore: secrets.kind, proxyPort: proxyPort(), proxyUrl: proxyRoot() }),
    'presets.list': () => [...providers.presets()],
    'providers.list': () => providers.list(),
    'providers.get': ({ name }) => providers.show(name),
    'providers.add': (input) => providers.add(input),
    'providers.update': (input) => providers.update(input),
    'providers.remove': ({ name, force }) => {
      const p = providers.resolve(name);
      const users = routes.all().filter((r) => r.chain.some((hop) => hop.providerId === p.id)).map((r) => r.client);
      if (users.length && !force) {
        fail('conflict', `${p.name} is in use by ${users.join(', ')}; switch ${users.length > 1 ? 'them' : 'it'} to another provider first, or remove with --force.`);
      }
      for (const client of users) {
        routes.set(client, routes.get(client).filter((hop) => hop.providerId !== p.id), now());
      }
      providers.remove(p.name);
      return { removed: p.name };
    },
    'providers.test': ({ name }) => providers.test(name),
    'clients.status': () => clients.status(),
    'clients.apply': async (input) => {
      const provider = providers.resolve(input.provider);
      const target = targetFor(input.client, provider, input.mode, { model: input.model, onboarding: input.onboarding, codexAuth: input.codexAuth });
      const check = input.check && !input.dryRun ? (await providers.checkKey(provider.name, input.model)).message : null;
      const result = await clients.apply({ client: input.client, providerId: provider.id, providerName: provider.name, target, dryRun: input.dryRun });
      if (!input.dryRun) setRoute(input.client, [provider.name], input.model);
      return { ...result, check };
    },
    'clients.restore': ({ client, backupId }) => clients.restore(client, backupId),
    'clients.backups': ({ client }) => clients.backups(client),
    'routes.list': () => (['claude', 'codex', 'hermes', 'chat'] as const).map(routeView),
    'routes.set': ({ client, providers: names, model }) => setRoute(client, names, model),
    'tokens.get': ({ client }) => tokenView(client, tokens.ensure(client)),
    'tokens.rotate': ({ client }) => tokenView(client, tokens.rotate(client)),
  };

  // Every write goes through a handler; the proxy sees it on its next call.
  const handlers = Object.fromEntries(
    Object.entries(coreHandlers).map(([channel, handler]) => [
      channel,
      async (input: never) => {
        try {
          return await (handler as (i: never) => unknown)(input);
        } finally {
          proxyView.invalidate();
        }
      },
    ]),
  ) as Handlers;

  return {
    handlers,
    contract,
    db,
    paths,
    settings,
    tokens,
    loginTokens,
    routes,
    providers,
    clients,
    proxyPort,
    proxyView,
    /** A one-off run of a tool pointed at a provider; resolves to the tool's exit code. */
    async run(client: ToolClient, providerName: string, opts: { mode: Mode; model?: string; toolArgs: string[] }): Promise<number> {
      const provider = providers.resolve(providerName);
      const target = targetFor(client, provider, opts.mode, { model: opts.model, onboarding: false, codexAuth: 'bearer' });
      return clients.launch(client, target, opts.toolArgs);
    },
    close(): void {
      db.close();
    },
  };
}

export type App = ReturnType<typeof createApp>;
