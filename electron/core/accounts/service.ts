import { gatewaySiteRoot } from '../providers/urls';
import {
  getAccountAddSchema,
  type AccountAddInput,
  type AccountKind,
  type AccountView,
  type AuditReport,
  type Balance,
  type GatewayKey,
} from '../../../shared/accountsContract';
import type { ChannelOutput, ParsedInput } from '../../../shared/contract';
import { formatCount } from '../../../shared/formatCount';
import { maskSecret } from '../../../shared/mask';
import type { AddressOf } from '../../../shared/remedy';
import { sinceWindow } from '../usage/sinceWindow';
import type { Protocol } from '../../../shared/schemas';
import { fail, SwitchboardError } from '../errors';
import type { ProviderService } from '../providers/service';
import type { SecretStore } from '../secrets/secretStore';
import type { UsageRepo } from '../store/usage';
import type { PriceService } from '../usage/prices';
import { pricesFromNewApi } from '../usage/prices';
import { auditBilling, type GatewayCall, type LedgerCall } from './audit';
import { againstThreshold, type BalanceReading, type KeySource } from './balanceReading';
import { createConsoleClient, type ConsoleClient, type ConsoleCredential } from './consoleClient';
import { readDeepSeekBalance } from './deepSeek';
import { isRecord, num, str } from './gatewayAnswer';
import { readKeyBillingBalance } from './keyBilling';
import { readMoonshotBalance } from './moonshot';
import { readOpenRouterBalance } from './openRouter';
import { amountOf, quotaOf } from './quotaDisplay';
import type { AccountRepo, AccountRow } from './repo';
import { readSiliconFlowBalance } from './siliconFlow';
import { billedPromptTokens, keyView, logView } from './views';

export interface AccountServiceDeps {
  repo: AccountRepo;
  secrets: SecretStore;
  providers: ProviderService;
  prices: PriceService;
  usage: UsageRepo;
  /** Writes the ledger's pending rows so an audit sees the latest calls. */
  flushLedger: () => void;
  now: () => number;
}

/** Sources with one well-known address; one-api / new-api gateways need theirs. */
const DEFAULT_BASE_URL: Partial<Record<AccountKind, string>> = {
  openrouter: 'https://openrouter.ai',
  deepseek: 'https://api.deepseek.com',
  moonshot: 'https://api.moonshot.cn',
  siliconflow: 'https://api.siliconflow.cn',
};

const KEY_BALANCE: Record<AccountKind, (source: KeySource) => Promise<BalanceReading>> = {
  'new-api': readKeyBillingBalance,
  'one-api': readKeyBillingBalance,
  openrouter: readOpenRouterBalance,
  deepseek: readDeepSeekBalance,
  moonshot: readMoonshotBalance,
  siliconflow: readSiliconFlowBalance,
};

/** Protocols a provider made from a gateway key speaks unless told otherwise. */
const DEFAULT_PROTOCOLS: Record<'new-api' | 'one-api', Protocol[]> = { 'new-api': ['chat', 'anthropic', 'responses'], 'one-api': ['chat'] };

const LOG_TYPE_CONSUME = 2;
const AUDIT_WINDOW_MS = 120_000;
/**
 * How long before the window a call the audit reads may have started. The gateway logs a call when
 * it ends, and a stream has no overall time limit in the proxy (only the pause between chunks is
 * bounded), so this is generous: no generation runs for a day, and a day more of the ledger's
 * start-time index is a cheap read.
 */
const LONGEST_CALL_MS = 24 * 3_600_000;
const LEDGER_PAGE = 100_000;

const sameOrigin = (a: string, b: string) => {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
};

const isConsoleKind = (kind: AccountKind): kind is 'new-api' | 'one-api' => kind === 'new-api' || kind === 'one-api';
/** How the balance-only kinds are named to the user, article included ("an OpenRouter account"). */
const KIND_WITH_ARTICLE: Record<Exclude<AccountKind, 'new-api' | 'one-api'>, string> = {
  openrouter: 'an OpenRouter',
  deepseek: 'a DeepSeek',
  moonshot: 'a Moonshot',
  siliconflow: 'a SiliconFlow',
};
const withPrefix = (key: string) => (key.startsWith('sk-') ? key : `sk-${key}`);

export function createAccountService(deps: AccountServiceDeps) {
  const { repo, secrets, providers, prices, usage, now } = deps;

  const label = (row: Pick<AccountRow, 'name' | 'baseUrl'>) => `${row.name} (${new URL(row.baseUrl).host})`;
  /** A draft (id 0) is being added: its address is the one just typed, not yet saved with the account. */
  const addressOf = (row: Pick<AccountRow, 'id' | 'name'>): AddressOf => ({ of: row.id === 0 ? 'new_account' : 'account', name: row.name });
  const signInCommand = (name: string) => `switchboard account login ${name}`;
  /** Before an account is saved there is nothing to log in to: the advice is to run the add again. */
  const addAgainCommand = (draft: AccountRow) =>
    [
      `switchboard account add ${draft.name} --kind ${draft.kind}`,
      DEFAULT_BASE_URL[draft.kind] ? '' : ` --base-url ${draft.baseUrl}`,
      draft.auth === 'password' ? ` --username ${draft.username ?? 'U'}` : '',
      draft.auth === 'access-token' ? ` --user-id ${draft.userId ?? 'N'}` : '',
    ].join('');

  const mustGet = (name: string): AccountRow => {
    const row = repo.get(name);
    if (!row) {
      const known = repo.list().map((a) => a.name);
      fail(
        'not_found',
        known.length
          ? `There is no account named "${name}"; known accounts: ${known.join(', ')}.`
          : `There is no account named "${name}"; add one with: switchboard account add ${name} --base-url URL --username U --password -.`,
      );
    }
    return row;
  };

  /** The group a key bills in (its own, or the user's when it names none) and that group's price ratio. */
  async function billingGroup(row: AccountRow, client: ConsoleClient, keyGroup: string): Promise<{ group: string; groupRatio: number }> {
    const [self, groups] = await Promise.all([client.self(), groupRatios(row, client)]);
    const group = keyGroup || self.group;
    return { group, groupRatio: groups[group]?.ratio ?? 1 };
  }

  /**
   * Providers made from a key (keys use) price its calls at the key's group ratio: once the key
   * bills in another group, so do they, or every call after would be costed, and audited, at the old one.
   */
  async function repriceKeyProviders(row: AccountRow, client: ConsoleClient, key: GatewayKey): Promise<{ provider: string; groupRatio: number }[]> {
    const made = repo.links(row.id).filter((l) => l.keyId === key.id);
    if (!made.length) return [];
    const { group, groupRatio } = await billingGroup(row, client, key.group);
    const byId = new Map(providers.list().map((p) => [p.id, p] as const));
    return made.flatMap((link) => {
      const provider = byId.get(link.providerId);
      if (!provider) return [];
      providers.update({ name: provider.name, groupRatio });
      repo.link(row.id, { ...link, keyGroup: group });
      return [{ provider: provider.name, groupRatio }];
    });
  }

  /** Providers billed through this account: made from its keys, or pointing at the same gateway. */
  function linkedProviders(row: AccountRow) {
    const links = new Map(repo.links(row.id).map((l) => [l.providerId, l] as const));
    return providers
      .list()
      .filter((p) => links.has(p.id) || sameOrigin(p.baseUrl, row.baseUrl))
      .map((p) => ({ provider: p, keyGroup: links.get(p.id)?.keyGroup ?? '' }));
  }

  const view = (row: AccountRow): AccountView => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    baseUrl: row.baseUrl,
    auth: row.auth,
    username: row.username,
    userId: row.userId,
    credential: row.credentialHint,
    lowBalanceThreshold: row.lowBalanceThreshold,
    providers: linkedProviders(row).map((l) => l.provider.name),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });

  function consoleCredentialOf(row: AccountRow): ConsoleCredential {
    const secret = secrets.open(row.sealedCredential);
    if (row.auth === 'password') return { kind: 'password', username: row.username ?? '', password: secret };
    return { kind: 'access-token', token: secret, userId: row.userId ?? 0 };
  }

  /** The console of a stored account; a fresh sign-in keeps its session (sealed) for the next call. */
  function consoleOf(row: AccountRow): ConsoleClient {
    if (!isConsoleKind(row.kind)) {
      fail('invalid_input', `${row.name} is ${KIND_WITH_ARTICLE[row.kind]} account, which shows only its balance: keys, logs, groups and the audit are for new-api and one-api gateways' consoles.`);
    }
    if (row.auth === 'key') {
      fail('invalid_input', `${row.name} is a key-only account: keys, logs, groups and the audit need a console login; add the gateway again under another name with --username and --password (or --access-token and --user-id).`);
    }
    return createConsoleClient({
      label: label(row),
      address: addressOf(row),
      baseUrl: row.baseUrl,
      flavour: row.kind,
      credential: consoleCredentialOf(row),
      session: row.sealedSession ? secrets.open(row.sealedSession) : null,
      userId: row.userId,
      onSignIn: ({ session, userId }) => repo.setSession(row.id, secrets.seal(session), userId, now()),
      signInCommand: signInCommand(row.name),
    });
  }

  async function readBalance(row: AccountRow, credential: { console?: ConsoleClient; key?: string }, retryCommand = signInCommand(row.name)): Promise<Balance> {
    let reading: BalanceReading;
    if (credential.console) {
      const [display, self] = await Promise.all([credential.console.display(), credential.console.self()]);
      reading = { remaining: amountOf(display, self.quota), used: amountOf(display, self.usedQuota), currency: display.currency, unlimited: false, source: '/api/user/self' };
    } else {
      reading = await KEY_BALANCE[row.kind]({ label: label(row), address: addressOf(row), baseUrl: row.baseUrl, key: credential.key ?? '', replaceKeyCommand: retryCommand });
    }
    const threshold = row.lowBalanceThreshold;
    return { account: row.name, kind: row.kind, ...againstThreshold(reading, threshold), readAt: now(), threshold };
  }

  const balanceOf = (row: AccountRow) =>
    readBalance(row, row.auth === 'key' ? { key: secrets.open(row.sealedCredential) } : { console: consoleOf(row) });

  /** Which credential an add or login brings, checked against the account's kind. */
  function credentialOf(kind: AccountKind, input: { username?: string; password?: string; accessToken?: string; userId?: number; key?: string }, existing?: AccountRow) {
    const given = [input.password !== undefined, input.accessToken !== undefined, input.key !== undefined].filter(Boolean).length;
    if (given > 1) fail('invalid_input', 'Give one credential: --password, --access-token or --key.');
    const auth = input.key !== undefined ? 'key' : input.accessToken !== undefined ? 'access-token' : input.password !== undefined ? 'password' : null;
    // Before asking for what that other way needs (a username, a user id), which login would not take anyway.
    if (existing && auth && auth !== existing.auth) fail('invalid_input', `${existing.name} signs in with ${existing.auth}; remove and add the account again to change how it signs in.`);
    if (input.key !== undefined) return { auth: 'key' as const, secret: input.key, username: null, userId: null };
    if (!isConsoleKind(kind)) fail('invalid_input', `A ${kind} account uses an API key: pass --key KEY (or --key - to read it from standard input).`);
    if (input.accessToken !== undefined) {
      const userId = input.userId ?? (existing?.auth === 'access-token' ? existing.userId : null);
      if (!userId) fail('invalid_input', 'An access token needs the user id it belongs to, shown in the console next to the token.', { kind: 'give_user_id' });
      return { auth: 'access-token' as const, secret: input.accessToken, username: null, userId };
    }
    if (input.password !== undefined) {
      const username = input.username ?? existing?.username;
      if (!username) fail('invalid_input', 'A console login needs a username (--username U) with the password.');
      return { auth: 'password' as const, secret: input.password, username, userId: existing?.userId ?? null };
    }
    fail('invalid_input', 'An account needs a credential: --username U --password P, --access-token T --user-id N, or --key K.');
  }

  /**
   * Signs in (or reads the balance with a key) before anything is stored, so a wrong credential
   * changes nothing. A refusal names `retry`: the command to run again, and the one with a 2FA code.
   */
  async function verify(
    draft: AccountRow,
    secret: string,
    otp: string | undefined,
    retry: { signIn: string; otp: string },
  ): Promise<{ session: string | null; userId: number | null }> {
    if (draft.auth === 'key') {
      await readBalance(draft, { key: secret }, retry.signIn);
      return { session: null, userId: null };
    }
    let signedIn: { session: string; userId: number } | null = null;
    const credential: ConsoleCredential =
      draft.auth === 'password' ? { kind: 'password', username: draft.username ?? '', password: secret } : { kind: 'access-token', token: secret, userId: draft.userId ?? 0 };
    const client = createConsoleClient({
      label: label(draft),
      address: addressOf(draft),
      baseUrl: draft.baseUrl,
      flavour: draft.kind as 'new-api' | 'one-api',
      credential,
      onSignIn: (s) => (signedIn = s),
      signInCommand: retry.signIn,
      otpCommand: retry.otp,
    });
    if (credential.kind === 'password') await client.signIn(otp);
    const self = await client.self();
    const session = (signedIn as { session: string } | null)?.session ?? null;
    return { session, userId: self.id || client.userId };
  }

  /**
   * The account's keys as far as they were read: `cut` says, when the console listed more than its
   * pages could hold, how many it has and how many were read; null when every key was read.
   */
  async function keyList(row: AccountRow, client: ConsoleClient): Promise<{ items: Record<string, unknown>[]; cut: string | null }> {
    const { items, total, complete } = await client.keys();
    if (complete) return { items, cut: null };
    return { items, cut: `${label(row)} lists ${total === null ? `more than ${formatCount(items.length)}` : formatCount(total)} keys and Switchboard read only the first ${formatCount(items.length)}` };
  }

  async function findKey(row: AccountRow, client: ConsoleClient, ref: number | string): Promise<Record<string, unknown>> {
    const { items: keys, cut } = await keyList(row, client);
    const which = typeof ref === 'number' ? `with id ${ref}` : `named "${ref}"`;
    // On a partial list a miss proves nothing: the key may be among those not read.
    const missing = () =>
      fail(
        'not_found',
        cut
          ? `${cut}, none of them the key ${which}; it may be among the others: manage it in the gateway's console.`
          : `There is no key ${which} on ${row.name}; list its keys with "switchboard account keys ${row.name}".`,
      );
    if (typeof ref === 'number') return keys.find((k) => num(k.id) === ref) ?? missing();
    const named = keys.filter((k) => str(k.name) === ref);
    if (named.length > 1) fail('conflict', `Several keys are named "${ref}" (ids ${named.map((k) => num(k.id)).join(', ')}); give the id instead.`);
    return named[0] ?? missing();
  }

  async function revealed(client: ConsoleClient, raw: Record<string, unknown>): Promise<string> {
    // one-api and older new-api releases list keys whole; new-api now masks them and reveals one on request.
    const listed = str(raw.key);
    const key = listed && !listed.includes('*') ? listed : await client.revealKey(num(raw.id));
    return withPrefix(key);
  }

  async function groupRatios(row: AccountRow, client: ConsoleClient): Promise<Record<string, { ratio: number; desc: string }>> {
    if (row.kind === 'new-api') return client.groups();
    return {};
  }

  async function keyById(row: AccountRow, client: ConsoleClient, id: number): Promise<GatewayKey> {
    const [display, raw] = await Promise.all([client.display(), findKey(row, client, id)]);
    return keyView(raw, display);
  }

  return {
    list: (): AccountView[] => repo.list().map(view),

    async add(raw: AccountAddInput): Promise<AccountView> {
      const input = getAccountAddSchema().parse(raw);
      if (repo.get(input.name)) fail('already_exists', `An account named "${input.name}" already exists; pick another name, or sign in again with "${signInCommand(input.name)}".`);
      const baseUrlText = input.baseUrl ?? DEFAULT_BASE_URL[input.kind];
      if (!baseUrlText) fail('invalid_input', `A ${input.kind} account needs the gateway's address (--base-url https://...).`);
      const credential = credentialOf(input.kind, input);
      const draft: AccountRow = {
        id: 0,
        name: input.name,
        kind: input.kind,
        baseUrl: gatewaySiteRoot(baseUrlText, credential.auth === 'access-token' ? 'access_token' : credential.auth),
        auth: credential.auth,
        username: credential.username,
        userId: credential.userId,
        sealedCredential: '',
        credentialHint: credential.auth === 'password' ? '••••••••' : maskSecret(credential.secret),
        sealedSession: null,
        lowBalanceThreshold: input.lowBalanceThreshold ?? null,
        createdAt: now(),
        updatedAt: now(),
      };
      const addAgain = addAgainCommand(draft);
      const signedIn = await verify(draft, credential.secret, input.otp, { signIn: addAgain, otp: `${addAgain} --password - --otp CODE` });
      repo.insert(
        {
          ...draft,
          userId: signedIn.userId ?? draft.userId,
          sealedCredential: secrets.seal(credential.secret),
          sealedSession: signedIn.session ? secrets.seal(signedIn.session) : null,
        },
        now(),
      );
      return view(mustGet(input.name));
    },

    async login(input: ParsedInput<'accounts.login'>): Promise<AccountView> {
      const row = mustGet(input.name);
      const replacing = input.password !== undefined || input.accessToken !== undefined || input.key !== undefined;
      const credential = replacing
        ? credentialOf(row.kind, input, row)
        : { auth: row.auth, secret: secrets.open(row.sealedCredential), username: row.username, userId: row.userId };
      const draft: AccountRow = { ...row, auth: credential.auth, username: credential.username, userId: credential.userId };
      // The account exists, so a refusal points at login again (add would say the name is taken).
      const loginAgain = signInCommand(row.name);
      const signedIn = await verify(draft, credential.secret, input.otp, {
        signIn: loginAgain,
        otp: `${loginAgain}${input.password !== undefined ? ' --password -' : ''} --otp CODE`,
      });
      repo.setCredential(
        row.id,
        {
          sealedCredential: secrets.seal(credential.secret),
          credentialHint: credential.auth === 'password' ? '••••••••' : maskSecret(credential.secret),
          userId: signedIn.userId ?? draft.userId,
          sealedSession: signedIn.session ? secrets.seal(signedIn.session) : null,
        },
        now(),
      );
      return view(mustGet(row.name));
    },

    remove(name: string): { removed: string } {
      const row = mustGet(name);
      repo.remove(row.id);
      return { removed: row.name };
    },

    async balance(name?: string): Promise<ChannelOutput<'accounts.balance'>> {
      const rows = name ? [mustGet(name)] : repo.list();
      if (name) return { balances: [await balanceOf(rows[0])], failures: [] };
      const settled = await Promise.allSettled(rows.map(balanceOf));
      const out: ChannelOutput<'accounts.balance'> = { balances: [], failures: [] };
      settled.forEach((result, i) => {
        if (result.status === 'fulfilled') out.balances.push(result.value);
        else {
          const err = result.reason instanceof SwitchboardError ? result.reason : new SwitchboardError('internal', String(result.reason));
          out.failures.push({ account: rows[i].name, code: err.code, message: err.message, ...(err.remedy ? { remedy: err.remedy } : {}) });
        }
      });
      return out;
    },

    setThreshold(name: string, threshold: number | null): AccountView {
      const row = mustGet(name);
      repo.setThreshold(row.id, threshold, now());
      return view(mustGet(name));
    },

    /** The account's keys, and in one sentence when they are only the first of a longer list (null: all of them). */
    async keyListing(account: string): Promise<ChannelOutput<'accounts.keys.listing'>> {
      const row = mustGet(account);
      const client = consoleOf(row);
      const [display, { items, cut }] = await Promise.all([client.display(), keyList(row, client)]);
      return { keys: items.map((k) => keyView(k, display)), partial: cut && `${cut}; manage the others in the gateway's console.` };
    },

    async createKey(input: ParsedInput<'accounts.keys.create'>): Promise<GatewayKey> {
      const row = mustGet(input.account);
      const client = consoleOf(row);
      const display = await client.display();
      const unlimited = input.unlimited || input.quota === undefined;
      const models = (input.models ?? []).join(',');
      const body: Record<string, unknown> = {
        name: input.name,
        remain_quota: unlimited ? 0 : quotaOf(display, input.quota ?? 0),
        unlimited_quota: unlimited,
        expired_time: input.expiresAt ? Math.floor(input.expiresAt / 1000) : -1,
      };
      if (row.kind === 'new-api') Object.assign(body, { group: input.group ?? '', model_limits_enabled: models !== '', model_limits: models });
      else Object.assign(body, { models });
      const before = new Set((await client.keys()).items.map((k) => num(k.id)));
      await client.createKey(body);
      // The console answers without the new key: find it as the new id with this name.
      const created = (await client.keys()).items.filter((k) => !before.has(num(k.id)) && str(k.name) === input.name).sort((a, b) => num(b.id) - num(a.id))[0];
      if (!created) fail('gateway_error', `${label(row)} accepted the new key but does not list it; check the console.`);
      return keyView(created, display);
    },

    async setKeyEnabled(input: ParsedInput<'accounts.keys.setEnabled'>): Promise<GatewayKey> {
      const row = mustGet(input.account);
      const client = consoleOf(row);
      const raw = await findKey(row, client, input.key);
      await client.updateKey({ id: num(raw.id), status: input.enabled ? 1 : 2 }, true);
      return keyById(row, client, num(raw.id));
    },

    async deleteKey(input: ParsedInput<'accounts.keys.delete'>): Promise<{ deleted: number; name: string }> {
      const row = mustGet(input.account);
      const client = consoleOf(row);
      const raw = await findKey(row, client, input.key);
      await client.deleteKey(num(raw.id));
      return { deleted: num(raw.id), name: str(raw.name) };
    },

    async setKeyGroup(input: ParsedInput<'accounts.keys.setGroup'>): Promise<ChannelOutput<'accounts.keys.setGroup'>> {
      const row = mustGet(input.account);
      if (row.kind !== 'new-api') fail('invalid_input', `${row.name} is a one-api gateway: its keys have no group (the user's group applies).`);
      const client = consoleOf(row);
      const raw = await findKey(row, client, input.key);
      if (input.group) {
        const groups = await client.groups();
        if (!(input.group in groups)) fail('invalid_input', `${row.name} has no group "${input.group}" for this user; its groups are: ${Object.keys(groups).join(', ') || 'none'}.`);
      }
      // A full update: new-api resets the fields a body leaves out.
      const { key: _maskedKey, ...fields } = raw;
      await client.updateKey({ ...fields, group: input.group }, false);
      const changed = await keyById(row, client, num(raw.id));
      return { ...changed, repriced: await repriceKeyProviders(row, client, changed) };
    },

    async revealKey(input: ParsedInput<'accounts.keys.reveal'>): Promise<{ id: number; name: string; key: string }> {
      const row = mustGet(input.account);
      const client = consoleOf(row);
      const raw = await findKey(row, client, input.key);
      return { id: num(raw.id), name: str(raw.name), key: await revealed(client, raw) };
    },

    /** Creates or updates a provider from a key: the key, the gateway's address and the key group's ratio. */
    async useKey(input: ParsedInput<'accounts.keys.use'>): Promise<ChannelOutput<'accounts.keys.use'>> {
      const row = mustGet(input.account);
      const client = consoleOf(row);
      const raw = await findKey(row, client, input.key);
      const [key, { group, groupRatio }] = await Promise.all([revealed(client, raw), billingGroup(row, client, str(raw.group))]);
      const keyModels = keyView(raw, { quotaPerUnit: 1, type: 'TOKENS', currency: 'TOKENS', usdExchangeRate: 1 }).models;
      const name = input.provider ?? row.name;
      const existing = providers.list().find((p) => p.name.toLowerCase() === name.toLowerCase());
      // Updating a provider of another gateway would send this account's key to that gateway.
      if (existing && !repo.links(row.id).some((link) => link.providerId === existing.id) && !sameOrigin(existing.baseUrl, row.baseUrl)) {
        fail(
          'conflict',
          `${existing.name} is a provider of another gateway (${new URL(existing.baseUrl).host}), and "keys use" would send ${row.name}'s key there; give the new provider another name (--provider), or remove ${existing.name} first.`,
        );
      }
      const models = input.models ?? (keyModels.length ? keyModels : undefined);
      const provider = existing
        ? providers.update({ name: existing.name, key, groupRatio, protocols: input.protocols, models })
        : providers.add({ name, baseUrl: row.baseUrl, key, groupRatio, protocols: input.protocols ?? DEFAULT_PROTOCOLS[row.kind as 'new-api' | 'one-api'], models });
      repo.link(row.id, { providerId: provider.id, keyId: num(raw.id), keyGroup: group });
      return { provider, created: !existing, groupRatio };
    },

    async logs(input: ParsedInput<'accounts.logs'>): Promise<ChannelOutput<'accounts.logs'>> {
      const client = consoleOf(mustGet(input.account));
      const since = sinceWindow(input.since, now());
      const [display, page] = await Promise.all([
        client.display(),
        client.logs({
          page: input.page,
          pageSize: input.pageSize,
          query: { type: LOG_TYPE_CONSUME, start_timestamp: Math.floor(since / 1000), model_name: input.model, token_name: input.tokenName },
        }),
      ]);
      return { items: page.items.map((l) => logView(l, display)), page: input.page, pageSize: input.pageSize, total: page.total, currency: display.currency };
    },

    async groups(account: string): Promise<ChannelOutput<'accounts.groups'>> {
      const row = mustGet(account);
      const client = consoleOf(row);
      const [self, groups] = await Promise.all([client.self(), groupRatios(row, client)]);
      // one-api has no group list for users: show the user's own group, at the ratio Switchboard cannot see.
      const entries = Object.keys(groups).length ? Object.entries(groups) : [[self.group || 'default', { ratio: 1, desc: '' }] as const];
      return entries.map(([name, info]) => ({ name, ratio: info.ratio, description: info.desc, current: name === self.group }));
    },

    async pricing(input: ParsedInput<'accounts.pricing'>): Promise<ChannelOutput<'accounts.pricing'>> {
      const row = mustGet(input.account);
      if (row.kind !== 'new-api') fail('invalid_input', `${row.name} is not a new-api gateway, which is the only kind that publishes its prices.`, { kind: 'set_prices_by_hand' });
      const client = createConsoleClient({
        label: label(row),
        address: addressOf(row),
        baseUrl: row.baseUrl,
        flavour: 'new-api',
        credential: { kind: 'access-token', token: '', userId: 0 },
        signInCommand: signInCommand(row.name),
      });
      const body = await client.pricing();
      const parsed = pricesFromNewApi(body);
      if (!parsed) fail('gateway_error', `${label(row)} answered /api/pricing without a price list.`, { kind: 'set_prices_by_hand' });
      const rawRows = isRecord(body) && Array.isArray(body.data) ? body.data.filter(isRecord) : [];
      const perMillion = new Map(parsed.prices.map((p) => [p.model, p.price] as const));
      const models = rawRows.map((r) => {
        const model = str(r.model_name);
        const price = perMillion.get(model);
        return {
          model,
          input: price?.input ?? null,
          output: price?.output ?? null,
          cacheRead: price?.cacheRead ?? null,
          cacheWrite: price?.cacheWrite ?? null,
          perCall: r.quota_type === 1 ? num(r.model_price) : null,
          groups: Array.isArray(r.enable_groups) ? r.enable_groups.map(str) : [],
        };
      });
      const applied: ChannelOutput<'accounts.pricing'>['applied'] = [];
      if (input.apply) {
        for (const { provider, keyGroup } of linkedProviders(row)) {
          const group = keyGroup && keyGroup in parsed.groupRatios ? keyGroup : undefined;
          const synced = await prices.sync({ provider: provider.name, group });
          applied.push({ provider: provider.name, models: synced.imported, groupRatio: synced.groupRatio ?? provider.groupRatio });
        }
      }
      return { models, groupRatios: parsed.groupRatios, applied };
    },

    async audit(input: ParsedInput<'audit.run'>): Promise<AuditReport> {
      const row = mustGet(input.account);
      const from = sinceWindow(input.since, now());
      const client = consoleOf(row);
      const to = now();
      const display = await client.display();
      const logs = await client.allLogs({ type: LOG_TYPE_CONSUME, start_timestamp: Math.floor((from - AUDIT_WINDOW_MS) / 1000) });
      const gateway: GatewayCall[] = logs.items.map((raw) => {
        const log = logView(raw, display);
        return { ts: log.ts, model: log.model, promptTokens: billedPromptTokens(raw), completionTokens: log.completionTokens, quota: log.quota, requestId: log.requestId };
      });
      deps.flushLedger();
      const names = linkedProviders(row).map((l) => l.provider.name);
      const truncatedLedger: { provider: string; read: number; total: number }[] = [];
      const ledger: LedgerCall[] = names.flatMap((provider) => {
        const { rows, total } = usage.callFigures({ since: from - AUDIT_WINDOW_MS - LONGEST_CALL_MS, endedSince: from - AUDIT_WINDOW_MS, provider, outcome: 'all' }, LEDGER_PAGE);
        if (total > rows.length) truncatedLedger.push({ provider, read: rows.length, total });
        return rows;
      });
      return auditBilling(gateway, ledger, {
        account: row.name,
        providers: names,
        from,
        to,
        quotaPerUnit: display.quotaPerUnit,
        tolerance: input.tolerance,
        windowMs: AUDIT_WINDOW_MS,
        truncatedLogs: logs.complete ? undefined : { read: logs.items.length, total: logs.total },
        truncatedLedger,
      });
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
