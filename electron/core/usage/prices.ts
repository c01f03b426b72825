import type { ChannelOutput, ParsedInput } from '../../../shared/contract';
import { fail } from '../errors';
import { gatewayErrorMessage, gatewayRequest } from '../gateway/http';
import type { ProviderService } from '../providers/service';
import { gatewaySiteRoot, providerAddress } from '../providers/urls';
import type { PriceRepo } from '../store/prices';
import { cacheWrite1hPrice, NO_PRICE, roundPrice, type ModelPrice, type PriceSnapshot } from './cost';

/** new-api's ratios are quota per token; 500,000 quota is one US dollar, so ratio 1 is $2 per million tokens. */
const USD_PER_MILLION_AT_RATIO_1 = 2;

export interface GatewayPricing {
  prices: { model: string; price: ModelPrice }[];
  /** Models billed per call rather than per token: the ledger cannot price them by tokens. */
  perCall: string[];
  groupRatios: Record<string, number>;
}

/** Reads new-api's GET /api/pricing answer into per-million prices. */
export function pricesFromNewApi(body: unknown): GatewayPricing | null {
  const b = body as { data?: unknown; group_ratio?: unknown };
  if (!b || !Array.isArray(b.data)) return null;
  const out: GatewayPricing = { prices: [], perCall: [], groupRatios: {} };
  for (const raw of b.data as Record<string, unknown>[]) {
    const model = typeof raw.model_name === 'string' ? raw.model_name : null;
    if (!model) continue;
    if (raw.quota_type === 1) {
      out.perCall.push(model);
      continue;
    }
    const ratio = Number(raw.model_ratio ?? 0);
    const input = roundPrice(ratio * USD_PER_MILLION_AT_RATIO_1);
    const times = (v: unknown) => roundPrice(input * (typeof v === 'number' ? v : 1));
    out.prices.push({
      model,
      price: { input, output: times(raw.completion_ratio), cacheRead: times(raw.cache_ratio), cacheWrite: times(raw.create_cache_ratio) },
    });
  }
  if (b.group_ratio && typeof b.group_ratio === 'object') {
    for (const [group, ratio] of Object.entries(b.group_ratio)) if (typeof ratio === 'number') out.groupRatios[group] = ratio;
  }
  return out;
}

/** Per-provider model prices: read from the gateway, set by hand, and looked up for each call. */
export function createPriceService(deps: { repo: PriceRepo; providers: ProviderService; now: () => number }) {
  const { repo, providers, now } = deps;
  const providerNames = () => new Map(providers.list().map((p) => [p.id, p.name] as const));
  const view = (row: ReturnType<PriceRepo['list']>[number], names: Map<number, string>) => ({
    provider: names.get(row.providerId) ?? `#${row.providerId}`,
    model: row.model,
    input: row.input,
    output: row.output,
    cacheRead: row.cacheRead,
    cacheWrite: row.cacheWrite,
    cacheWrite1h: row.cacheWrite1h ?? null,
    cacheWrite1hCharged: cacheWrite1hPrice(row),
    source: row.source,
    updatedAt: row.updatedAt,
  });

  return {
    list({ provider }: ParsedInput<'prices.list'>): ChannelOutput<'prices.list'> {
      const names = providerNames();
      const id = provider ? providers.show(provider).id : undefined;
      return repo.list().filter((r) => id === undefined || r.providerId === id).map((r) => view(r, names));
    },
    set(input: ParsedInput<'prices.set'>): ChannelOutput<'prices.set'> {
      const p = providers.show(input.provider);
      const previous = repo.get(p.id, input.model);
      // A cache price not given keeps the previous price's ratio to input (the gateway's, after a
      // sync); with none known it stays unset, and cached tokens have no price rather than a guessed one.
      // A 1-hour price given as null (the window's blank field) goes back to its default, twice the input price.
      const keptRatio = (cachePrice: number | null | undefined) =>
        previous && cachePrice !== null && cachePrice !== undefined && previous.input > 0 ? roundPrice((cachePrice / previous.input) * input.input) : null;
      const row = {
        providerId: p.id,
        model: input.model,
        input: input.input,
        output: input.output,
        cacheRead: input.cacheRead ?? keptRatio(previous?.cacheRead),
        cacheWrite: input.cacheWrite ?? keptRatio(previous?.cacheWrite),
        cacheWrite1h: input.cacheWrite1h === null ? null : (input.cacheWrite1h ?? keptRatio(previous?.cacheWrite1h)),
        source: 'manual' as const,
        updatedAt: now(),
      };
      repo.set(row);
      return view(row, new Map([[p.id, p.name]]));
    },
    /** Refuses a price that is not there, as removing a provider or an account that is not there is refused. */
    remove({ provider, model }: ParsedInput<'prices.remove'>): ChannelOutput<'prices.remove'> {
      const p = providers.show(provider);
      if (!repo.get(p.id, model)) fail('not_found', `There is no price for "${model}" on ${p.name}; list its prices with "switchboard price list --provider ${p.name}".`);
      repo.remove(p.id, model);
      return { provider: p.name, model, removed: true };
    },
    /** Imports the gateway's public price list; prices set by hand are kept. */
    async sync({ provider, group }: ParsedInput<'prices.sync'>): Promise<ChannelOutput<'prices.sync'>> {
      const p = providers.show(provider);
      const res = await gatewayRequest({ url: `${gatewaySiteRoot(p.baseUrl, 'key')}/api/pricing`, label: p.name, address: providerAddress(p.name) });
      const pricing = res.status === 200 ? pricesFromNewApi(res.json) : null;
      if (!pricing) {
        // The price list is public: the request carries no key, so none can be quoted back.
        const why = res.status === 200 ? 'answered without a price list' : `answered HTTP ${res.status}: ${gatewayErrorMessage(res, [])}`;
        fail('gateway_error', `${p.name} ${why} at /api/pricing; it may not be a new-api gateway.`, { kind: 'set_prices_by_hand' });
      }
      let imported = 0;
      for (const { model, price } of pricing.prices) {
        if (repo.get(p.id, model)?.source === 'manual') continue;
        repo.set({ providerId: p.id, model, ...price, source: 'gateway', updatedAt: now() });
        imported += 1;
      }
      let groupRatio: number | null = null;
      if (group) {
        groupRatio = pricing.groupRatios[group] ?? null;
        if (groupRatio === null) fail('invalid_input', `${p.name} has no group "${group}"; its groups are: ${Object.keys(pricing.groupRatios).join(', ') || 'none'}.`);
        providers.update({ name: p.name, groupRatio });
      }
      return { provider: p.name, imported, perCall: pricing.perCall, groupRatio };
    },
    /** The price a call is charged with: the stored per-model price and the provider's group ratio. */
    snapshot(providerId: number, model: string, groupRatio: number): PriceSnapshot {
      const price = repo.get(providerId, model);
      return price ? { ...price, groupRatio } : { ...NO_PRICE, groupRatio };
    },
  };
}

export type PriceService = ReturnType<typeof createPriceService>;
