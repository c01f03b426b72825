import { useEffect, useState } from 'react';

/** Every page of the dashboard, in navigation order. */
export const PAGE_IDS = ['home', 'providers', 'tools', 'routes', 'usage', 'accounts', 'chat', 'settings'] as const;
export type PageId = (typeof PAGE_IDS)[number];

/** Views that open over a page rather than replacing it (a deep link's import confirmation). */
export type OverlayId = 'import';

export interface Route {
  page: PageId;
  overlay: OverlayId | null;
  /** What follows "?" in the hash, e.g. #/usage?provider=gw. */
  params: URLSearchParams;
}

const isPageId = (value: string): value is PageId => (PAGE_IDS as readonly string[]).includes(value);

/** Reads "#/providers?x=1"; anything unknown lands on Home. */
export function parseHash(hash: string): Route {
  const rest = hash.replace(/^#\/?/, '');
  const mark = rest.indexOf('?');
  const [path, query] = mark < 0 ? [rest, ''] : [rest.slice(0, mark), rest.slice(mark + 1)];
  const page = path.split('/')[0] ?? '';
  const params = new URLSearchParams(query);
  if (page === 'import') return { page: 'providers', overlay: 'import', params };
  return { page: isPageId(page) ? page : 'home', overlay: null, params };
}

export function hrefOf(page: PageId, params?: Record<string, string>): string {
  const query = params ? new URLSearchParams(params).toString() : '';
  return `#/${page}${query ? `?${query}` : ''}`;
}

/** The tiny hash router: the hash works the same from file:// in Electron and from / in headless mode. */
export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
