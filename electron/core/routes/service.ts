import type { Client, RouteView } from '../../../shared/schemas';
import type { ParsedInput } from '../../../shared/contract';
import type { ProviderService, ResolvedProvider } from '../providers/service';
import type { Breakers } from '../proxy/breaker';
import type { RouteHop, RouteOptions, RouteRepo } from '../store/routes';

/** A hop as the proxy uses it: the provider resolved, keys in clear. */
export interface Hop {
  provider: ResolvedProvider;
  model?: string;
  models?: Record<string, string>;
}

export interface ResolvedRoute {
  hops: Hop[];
  options: RouteOptions;
}

/** Each client's ordered chain of providers, with model mapping and retry options. */
export function createRouteService(deps: { repo: RouteRepo; providers: ProviderService; breakers: Breakers; now: () => number }) {
  const { repo, providers, breakers, now } = deps;

  /** The client's route as shown (the stored one, unless another is given). */
  const view = (client: Client, route = repo.get(client)): RouteView => {
    const { hops, options } = route;
    const named = hops.map((hop) => ({ hop, provider: providers.resolveById(hop.providerId) }));
    return {
      client,
      providers: named.map(({ hop, provider }) => provider?.name ?? `#${hop.providerId} (removed)`),
      model: hops[0]?.model ?? null,
      hops: named.map(({ hop, provider }) => ({
        provider: provider?.name ?? `#${hop.providerId} (removed)`,
        model: hop.model ?? null,
        models: hop.models ?? {},
        breaker: breakers.stateOf(hop.providerId),
      })),
      strictModel: options.strictModel ?? false,
      retryStatuses: options.retryStatuses ?? [],
      retryPatterns: options.retryPatterns ?? [],
    };
  };

  return {
    view,
    set(input: ParsedInput<'routes.set'>): RouteView {
      const hopInputs = input.hops ?? input.providers!.map((provider) => ({ provider, model: input.model, models: undefined }));
      const hops: RouteHop[] = hopInputs.map((h) => ({
        providerId: providers.resolve(h.provider).id,
        ...(h.model ? { model: h.model } : {}),
        ...(h.models && Object.keys(h.models).length ? { models: h.models } : {}),
      }));
      const previous = repo.get(input.client).options;
      const options: RouteOptions = {
        strictModel: input.strictModel ?? previous.strictModel,
        retryStatuses: input.retryStatuses ?? previous.retryStatuses,
        retryPatterns: input.retryPatterns ?? previous.retryPatterns,
      };
      repo.set(input.client, { hops, options }, now());
      return view(input.client);
    },
    /**
     * What "use <provider>" does to a route: the provider becomes its first hop (with `model`,
     * when given), the other hops stay behind it as failover. A dry run only returns that route.
     * `byUse` is a switch of the tool itself, which sets the tool's model or gives it back its own:
     * the hop's model follows it (see RouteHop.modelFromUse).
     */
    promote(client: Client, providerName: string, model?: string, dryRun = false, byUse = false): RouteView {
      const id = providers.resolve(providerName).id;
      const route = repo.get(client);
      const existing = route.hops.find((hop) => hop.providerId === id) ?? { providerId: id };
      const { model: _ownModel, modelFromUse: _fromUse, ...withoutModel } = existing;
      const first: RouteHop = model
        ? { ...withoutModel, model, ...(byUse ? { modelFromUse: true } : {}) }
        : byUse && existing.modelFromUse
          ? withoutModel
          : existing;
      const promoted = { ...route, hops: [first, ...route.hops.filter((hop) => hop.providerId !== id)] };
      if (!dryRun) repo.set(client, promoted, now());
      return view(client, promoted);
    },
    /** Clients whose route goes through a provider. */
    usersOf: (providerId: number): Client[] =>
      repo.all().filter((r) => r.route.hops.some((hop) => hop.providerId === providerId)).map((r) => r.client),
    dropProvider(providerId: number): void {
      for (const { client, route } of repo.all()) {
        const hops = route.hops.filter((hop) => hop.providerId !== providerId);
        if (hops.length !== route.hops.length) repo.set(client, { ...route, hops }, now());
      }
    },
    resolve(client: Client): ResolvedRoute {
      const { hops, options } = repo.get(client);
      return {
        options,
        hops: hops.flatMap((hop) => {
          const provider = providers.resolveById(hop.providerId);
          return provider ? [{ provider, model: hop.model, models: hop.models }] : [];
        }),
      };
    },
  };
}

export type RouteService = ReturnType<typeof createRouteService>;
