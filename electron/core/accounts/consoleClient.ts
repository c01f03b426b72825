// The console API of one-api / new-api gateways: sign-in (password with new-api's 2FA step, or an
// access token), and the signed-in user's balance, keys, logs, groups and pricing. new-api pages
// lists from p=1 into {items,total}; one-api from p=0 as a bare array of a fixed size, and so did
// older new-api releases for keys (with `size`): the shape of an answer says how its list counts.
import { redactSecrets } from '../../../shared/mask';
import type { AddressOf, Remedy } from '../../../shared/remedy';
import { SwitchboardError } from '../errors';
import { gatewayRequest, type GatewayResponse } from '../gateway/http';
import { clause, consoleData, isRecord, jsonAnswer, num, str, type AnswerContext } from './gatewayAnswer';
import { quotaDisplayFrom, type QuotaDisplay } from './quotaDisplay';

export type ConsoleFlavour = 'new-api' | 'one-api';

export type ConsoleCredential =
  | { kind: 'password'; username: string; password: string }
  | { kind: 'access-token'; token: string; userId: number };

export interface ConsoleClientOptions {
  label: string;
  /** Whose address the console is at: an unreachable one's way out names where it is set. */
  address: AddressOf;
  /** The gateway's site root. */
  baseUrl: string;
  flavour: ConsoleFlavour;
  credential: ConsoleCredential;
  /** A session cookie kept from an earlier sign-in. */
  session?: string | null;
  /** The user id, when known (password accounts learn it at sign-in). */
  userId?: number | null;
  /** Called after every sign-in so the caller can keep the session. */
  onSignIn?: (signIn: { session: string; userId: number }) => void;
  /** The command that lets a person sign in again (shown in error sentences). */
  signInCommand: string;
  /** The command that signs in with a two-factor code; default: signInCommand --otp CODE. */
  otpCommand?: string;
}

export interface ConsoleUser {
  id: number;
  username: string;
  group: string;
  quota: number;
  usedQuota: number;
}

export interface PageRequest {
  page: number;
  pageSize: number;
  query?: Record<string, string | number | undefined>;
}

export interface Page {
  items: Record<string, unknown>[];
  total: number | null;
}

/** A whole console list, or its first MAX_PAGES pages when it is longer. */
export interface Listing {
  items: Record<string, unknown>[];
  /** How many items the gateway says it has; null when it does not say. */
  total: number | null;
  /** False when the list went on past the last page read: `items` is only its start. */
  complete: boolean;
}

/** Largest page new-api hands out; one-api's size is fixed by the server. */
const MAX_PAGE_SIZE = 100;
/** Guards against a gateway that ignores the page parameter. */
const MAX_PAGES = 500;

function sessionCookieOf(res: GatewayResponse): string | null {
  const raw = res.headers['set-cookie'];
  const lines = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const pairs = lines.map((line) => line.split(';')[0].trim()).filter((pair) => pair && !pair.endsWith('='));
  return pairs.length ? pairs.join('; ') : null;
}

/**
 * What makes a log itself. one-api shows a log's row id; new-api shows its place in the listing (or,
 * in older releases, the row id modulo 1024), so there a log is known by everything else it says.
 */
/** How many items at the start of `next` repeat, in order, the items that ended `before`. */
function overlapAtBoundary(before: readonly string[], next: readonly string[]): number {
  for (let k = Math.min(before.length, next.length); k > 0; k--) {
    let same = true;
    for (let i = 0; i < k && same; i++) same = next[i] === before[before.length - k + i];
    if (same) return k;
  }
  return 0;
}

function logIdentityFor(flavour: ConsoleFlavour): (log: Record<string, unknown>) => string {
  if (flavour === 'one-api') return (log) => String(num(log.id));
  return ({ id: _shownId, ...rest }) => JSON.stringify(rest);
}

export function createConsoleClient(options: ConsoleClientOptions) {
  const { label, address, flavour, credential, signInCommand } = options;
  const root = options.baseUrl.replace(/\/+$/, '');
  let session = options.session ?? null;
  let userId = credential.kind === 'access-token' ? credential.userId : options.userId ?? null;
  const logIdentity = logIdentityFor(flavour);

  const authRemedy: Remedy = { kind: 'sign_in', credential: credential.kind === 'access-token' ? 'access_token' : 'password', cliCommand: signInCommand };

  /** What the console is sent that a gateway might quote back in an error. */
  const sentSecrets = (): string[] => [credential.kind === 'access-token' ? credential.token : credential.password, session ?? ''];
  /** How to read the console's answer at a path: the account's label, the sign-in remedy, and what it might quote back. */
  const answerContext = (path: string): AnswerContext => ({ label, path, authRemedy, secrets: sentSecrets() });

  const send = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, signedIn = true) => {
    const headers: Record<string, string> = {};
    if (signedIn) {
      if (credential.kind === 'access-token') headers.authorization = credential.token;
      else if (session) headers.cookie = session;
      if (userId !== null) headers['new-api-user'] = String(userId);
    } else if (session) {
      headers.cookie = session;
    }
    return gatewayRequest({ method, url: `${root}${path}`, headers, body, label, address });
  };

  /** Password sign-in, with the 2FA step when the gateway asks for it. */
  async function signIn(otp?: string): Promise<void> {
    if (credential.kind !== 'password') return;
    session = null;
    const path = '/api/user/login';
    const res = await send('POST', path, { username: credential.username, password: credential.password }, false);
    const ctx = { ...answerContext(path), action: 'sign in' };
    const body = jsonAnswer(res, ctx);
    if (isRecord(body) && body.success === false) {
      throw new SwitchboardError('key_rejected', `${label} refused the sign-in (${clause(redactSecrets(str(body.message) || 'no reason given', sentSecrets()))}).`, undefined, authRemedy);
    }
    let data = consoleData(res, ctx);
    session = sessionCookieOf(res);
    if (isRecord(data) && data.require_2fa === true) {
      if (!otp) {
        throw new SwitchboardError('invalid_input', `${label} asks for a two-factor code.`, undefined, { kind: 'sign_in', credential: 'otp', cliCommand: options.otpCommand ?? `${signInCommand} --otp CODE` });
      }
      const twoFactor = await send('POST', '/api/user/login/2fa', { code: otp }, false);
      data = consoleData(twoFactor, { ...answerContext('/api/user/login/2fa'), action: 'accept the two-factor code' });
      session = sessionCookieOf(twoFactor) ?? session;
    }
    if (!session) throw new SwitchboardError('gateway_error', `${label} signed in but set no session cookie; check that the gateway's address is its site root (where its console opens).`);
    if (isRecord(data) && typeof data.id === 'number') userId = data.id;
    if (userId === null) throw new SwitchboardError('gateway_error', `${label} signed in but did not say which user; check the account's kind (new-api or one-api).`);
    options.onSignIn?.({ session, userId });
  }

  /** A signed-in console call; an expired session signs in again once (password accounts). */
  async function consoleCall(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, action: string, body?: unknown): Promise<unknown> {
    if (credential.kind === 'password' && !session) await signIn();
    let res = await send(method, path, body);
    if ((res.status === 401 || res.status === 403) && credential.kind === 'password') {
      await signIn();
      res = await send(method, path, body);
    }
    return consoleData(res, { ...answerContext(path), action });
  }

  const queryString = (query: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, String(value));
    return params.toString();
  };

  /** Lists known to count pages from 0 (true) or from 1 (false), learnt from their answers. */
  const countsFromZero = new Map<string, boolean>();

  /** One page of a console list; pages are numbered from 1 whatever the flavour. */
  async function page(path: string, action: string, request: PageRequest): Promise<Page> {
    const size = Math.min(MAX_PAGE_SIZE, request.pageSize);
    // page_size for new-api, size for its older key list; one-api fixes the size itself.
    const ask = (fromZero: boolean) =>
      consoleCall('GET', `${path}?${queryString({ ...request.query, p: fromZero ? request.page - 1 : request.page, page_size: size, size })}`, action);
    const guess = countsFromZero.get(path) ?? flavour === 'one-api';
    let data = await ask(guess);
    // A bare array counts from 0, {items, total} from 1: asked the other way, ask again.
    const fromZero = Array.isArray(data) ? true : isRecord(data) && Array.isArray(data.items) ? false : guess;
    countsFromZero.set(path, fromZero);
    if (fromZero !== guess) data = await ask(fromZero);
    if (Array.isArray(data)) return { items: data.filter(isRecord), total: null };
    if (isRecord(data) && Array.isArray(data.items)) return { items: data.items.filter(isRecord), total: num(data.total, data.items.length) };
    if (data === null || data === undefined) return { items: [], total: flavour === 'one-api' ? null : 0 };
    throw new SwitchboardError('gateway_error', `${label} answered ${path} with a list Switchboard does not know; check the account's kind (new-api or one-api).`);
  }

  /**
   * Every item of a console list, page after page, up to MAX_PAGES pages. Lists run newest first, so
   * items added while they are read push the last of a page onto the next: where a page begins with
   * the items (by `identity`) that ended the one before, those are read once. Only that overlap is
   * dropped, never an item equal to another elsewhere: a gateway that billed one call twice writes
   * two identical logs, and the audit must see both.
   */
  async function everything(
    path: string,
    action: string,
    identity: (item: Record<string, unknown>) => string,
    query: Record<string, string | number | undefined> = {},
  ): Promise<Listing> {
    const items: Record<string, unknown>[] = [];
    let previous: string[] = [];
    let firstPageSize = 0;
    let listed: number | null = null;
    for (let n = 1; n <= MAX_PAGES; n++) {
      const { items: batch, total } = await page(path, action, { page: n, pageSize: MAX_PAGE_SIZE, query });
      const ids = batch.map(identity);
      const shifted = overlapAtBoundary(previous, ids);
      items.push(...batch.slice(shifted));
      previous = ids;
      listed = total;
      if (n === 1) firstPageSize = batch.length;
      const done = total !== null ? items.length >= total || batch.length === 0 : batch.length === 0 || batch.length < firstPageSize;
      if (done) return { items, total, complete: true };
    }
    // Out of pages: a list that gives no total may have ended with the last one.
    const complete = listed === null && (await page(path, action, { page: MAX_PAGES + 1, pageSize: MAX_PAGE_SIZE, query })).items.length === 0;
    return { items, total: listed, complete };
  }

  return {
    signIn,
    get session() {
      return session;
    },
    get userId() {
      return userId;
    },

    /** Public site status: how quota is displayed. */
    async display(): Promise<QuotaDisplay> {
      const path = '/api/status';
      const res = await send('GET', path, undefined, false);
      const data = consoleData(res, { ...answerContext(path), action: 'show its status' });
      return quotaDisplayFrom(data);
    },

    async self(): Promise<ConsoleUser> {
      const data = await consoleCall('GET', '/api/user/self', 'show the account');
      if (!isRecord(data)) throw new SwitchboardError('gateway_error', `${label} answered /api/user/self without a user; check the account's kind.`);
      return { id: num(data.id), username: str(data.username), group: str(data.group), quota: num(data.quota), usedQuota: num(data.used_quota) };
    },

    keys: () => everything('/api/token/', 'list the keys', (key) => String(num(key.id))),
    createKey: (body: Record<string, unknown>) => consoleCall('POST', '/api/token/', 'create the key', body),
    updateKey: (body: Record<string, unknown>, statusOnly: boolean) =>
      consoleCall('PUT', statusOnly ? '/api/token/?status_only=true' : '/api/token/', 'change the key', body),
    deleteKey: (id: number) => consoleCall('DELETE', `/api/token/${id}`, 'delete the key'),
    /** new-api masks keys in lists; this asks for one whole (without the sk- prefix). */
    async revealKey(id: number): Promise<string> {
      const data = await consoleCall('POST', `/api/token/${id}/key`, 'reveal the key');
      const key = isRecord(data) ? str(data.key) : str(data);
      if (!key) throw new SwitchboardError('gateway_error', `${label} revealed an empty key; open the key in the gateway's console instead.`);
      return key;
    },

    logs: (request: PageRequest) => page('/api/log/self', 'list the logs', request),
    allLogs: (query: Record<string, string | number | undefined>) => everything('/api/log/self', 'list the logs', logIdentity, query),

    /** new-api: the groups the user may bill in, with ratios. */
    async groups(): Promise<Record<string, { ratio: number; desc: string }>> {
      const data = await consoleCall('GET', '/api/user/self/groups', 'list the groups');
      const out: Record<string, { ratio: number; desc: string }> = {};
      if (isRecord(data)) {
        for (const [name, info] of Object.entries(data)) {
          out[name] = isRecord(info) ? { ratio: num(info.ratio, 1), desc: str(info.desc) } : { ratio: num(info, 1), desc: '' };
        }
      }
      return out;
    },

    /** new-api's public price list, raw (usage/prices.ts reads it). */
    async pricing(): Promise<unknown> {
      const path = '/api/pricing';
      const res = await send('GET', path, undefined, false);
      const body = jsonAnswer(res, answerContext(path));
      if (isRecord(body) && body.success === false) {
        throw new SwitchboardError('gateway_error', `${label} refused to show its prices: ${str(body.message) || 'no reason given'}; check the gateway's console.`);
      }
      return body;
    },
  };
}

export type ConsoleClient = ReturnType<typeof createConsoleClient>;
