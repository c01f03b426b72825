import type { ClientStatus, ProviderView } from '../../shared/schemas';

/**
 * The provider a tool's card offers first: the one answering it now, else the head of its route
 * (who serves it once it goes through the proxy; Switch would otherwise reorder a route set on the
 * Routes page), else the first provider there is.
 */
export function initialToolProvider(status: Pick<ClientStatus, 'provider' | 'route'>, providers: readonly Pick<ProviderView, 'name'>[]): string {
  return status.provider ?? status.route[0] ?? providers[0]?.name ?? '';
}
