import { PROTOCOLS, providerNameSchema, type Protocol } from './schemas';

/** The scheme Switchboard registers with the OS: switchboard://import?name=..&base_url=..&key=.. */
export const DEEP_LINK_SCHEME = 'switchboard';

/** A provider offered by a link; nothing is saved until the user confirms it in the window. */
export interface ImportOffer {
  name: string;
  baseUrl: string;
  key: string;
  protocols: Protocol[];
  models: string[];
}

/** Why a link was refused; the UI turns each into a sentence in the user's language. */
export type ImportProblem = 'unknown_action' | 'bad_name' | 'bad_base_url' | 'missing_key' | 'bad_protocols';

export type ImportParse = { ok: true; offer: ImportOffer } | { ok: false; problem: ImportProblem };

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

const listOf = (value: string | null): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Gateways are reached over https; plain http only on this machine (a local relay). */
function isAcceptableBaseUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  } catch {
    return false;
  }
}

/** Reads the import fields (name, base_url, key, protocols, models) from a query string. */
export function parseImportParams(params: URLSearchParams): ImportParse {
  const name = providerNameSchema.safeParse(params.get('name') ?? '');
  if (!name.success) return { ok: false, problem: 'bad_name' };
  const baseUrl = (params.get('base_url') ?? '').trim();
  if (!isAcceptableBaseUrl(baseUrl)) return { ok: false, problem: 'bad_base_url' };
  const key = (params.get('key') ?? '').trim();
  if (!key) return { ok: false, problem: 'missing_key' };
  const protocols = listOf(params.get('protocols'));
  if (!protocols.every((p): p is Protocol => (PROTOCOLS as readonly string[]).includes(p))) return { ok: false, problem: 'bad_protocols' };
  return { ok: true, offer: { name: name.data, baseUrl, key, protocols: protocols as Protocol[], models: listOf(params.get('models')) } };
}
