/** A page of a gateway's logs as the accounts.logs channel answers it. */
export interface LogPage {
  page: number;
  items: unknown[];
  /** null when the gateway does not count its logs (one-api). */
  total: number | null;
  pageSize: number;
}

/**
 * The last page of a gateway's logs, when the gateway says how many calls it holds: page 1 always
 * exists, even with no calls, so "page 1 of 1" is what an empty window shows.
 */
export const lastLogPage = (total: number, pageSize: number): number => Math.max(1, Math.ceil(total / pageSize));

/**
 * Whether a page lies past the end of the logs (asked for by hand, or left behind when the logs
 * shrank). A gateway that does not count its logs is known to be past its end only when the page
 * comes back empty.
 */
export function isPastLastPage({ page, items, total, pageSize }: LogPage): boolean {
  if (page === 1) return false;
  return total === null ? items.length === 0 : page > lastLogPage(total, pageSize);
}

/** The page to show instead of one past the end: the last one, or the one before when the gateway does not count. */
export const pageBefore = ({ page, total, pageSize }: LogPage): number => (total === null ? page - 1 : lastLogPage(total, pageSize));
