import { DEEP_LINK_SCHEME, parseImportParams, type ImportParse } from '../shared/deepLink';

/**
 * Parses switchboard://import?... Only the import action exists; anything else is refused.
 * The result never saves anything: the window asks the user first.
 */
export function parseDeepLink(link: string): ImportParse {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return { ok: false, problem: 'unknown_action' };
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return { ok: false, problem: 'unknown_action' };
  // "switchboard://import?.." puts "import" in the host; "switchboard:import?.." in the path.
  const action = (url.hostname || url.pathname).replace(/^\/+|\/+$/g, '');
  if (action !== 'import') return { ok: false, problem: 'unknown_action' };
  return parseImportParams(url.searchParams);
}

/** On Windows and Linux the OS hands the link to a (second) instance as a command-line argument. */
export function deepLinkInArgv(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) ?? null;
}

/** The window route that shows the import confirmation; the link's query is carried as it came. */
export function importRouteOf(link: string): string {
  let query = '';
  try {
    query = new URL(link).search.slice(1);
  } catch {
    // An unparsable link opens the dialog empty, which says the link is not valid.
  }
  return `/import?${query}`;
}
