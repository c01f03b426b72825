import { ACCOUNT_KINDS, type AuditReport, type Balance, type GatewayKey } from '../shared/accountsContract';
import type { App } from './core/app';
import { SwitchboardError } from './core/errors';
import { figure, totalCost } from './cliMoney';
import { cliMessage } from './cliRemedy';
import { call, csv, nonNegativeNumber, oneOf, parseCommand, positiveInteger, secretArg, type Command, type Io } from './cliCommon';
import { ACCOUNT_HELP, KEY_VERBS } from './cliHelp';
import { table } from './cliTable';
import { auditIncompleteSentence, auditNoteSentence, auditReportInEnglish } from '../shared/auditSentences';
import { parseExpiry } from '../shared/expiry';
import { formatCalls, formatCount, formatCountOf, groupThousands } from '../shared/formatCount';
import { isPastLastPage, lastLogPage, type LogPage } from '../shared/logPages';
import { heldAmounts, lowCurrencies } from '../shared/heldAmounts';
import { localDateMinute, localDateTime } from '../shared/localTime';
import { atLeastShown, moneyIn, RAW_QUOTA, usd } from '../shared/moneyFigures';

const SECRET_FLAGS = ['password', 'access-token', 'key'] as const;

const quota = (n: number) => atLeastShown(n, (q) => `${formatCount(Math.round(q))} quota`, 0);
/** A balance or a key's allowance: cents are enough. */
const money = (n: number, currency: string) => (currency === RAW_QUOTA ? quota(n) : atLeastShown(n, (a) => `${groupThousands(a.toFixed(2))} ${currency}`, 2));
/** One call's charge, often a fraction of a cent: as many figures as usage shows for a cost. */
const charge = (n: number, currency: string) => (currency === RAW_QUOTA ? quota(n) : moneyIn(n, currency));
const when = (ms: number | null) => (ms === null ? 'never' : localDateMinute(ms));

function balanceRow(b: Balance): string[] {
  const remaining = b.unlimited ? 'unlimited' : heldAmounts(b).map((h) => money(h.remaining, h.currency)).join(' + ');
  const lowIn = lowCurrencies(b);
  const warning = b.cannotPay ? 'LOW (cannot pay for calls)' : b.low ? `LOW (< ${figure(b.threshold!)})` : lowIn.length ? `${lowIn.join(', ')} LOW (< ${figure(b.threshold!)})` : '';
  return [b.account, remaining, money(b.used, b.currency), warning, when(b.readAt)];
}

function keyRows(keys: GatewayKey[]): string[][] {
  return [
    ['ID', 'NAME', 'KEY', 'STATUS', 'REMAINING', 'USED', 'GROUP', 'EXPIRES', 'MODELS'],
    ...keys.map((k) => [
      String(k.id),
      k.name,
      k.key,
      k.status,
      k.unlimited ? 'unlimited' : money(k.remaining, k.currency),
      money(k.used, k.currency),
      k.group || '-',
      when(k.expiresAt),
      k.models.join(',') || 'all',
    ]),
  ];
}

const keyRef = (value: string | undefined, command: string): number | string => {
  if (!value) throw new SwitchboardError('invalid_input', `account keys ${command} needs an account and a key (id or name); see "switchboard account --help".`);
  return /^\d+$/.test(value) ? Number(value) : value;
};

/** --expires as a time: refused, before anything is created, when it is not a date or date-time, or already past. */
function expiryMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseExpiry(value);
  if (ms === null) {
    throw new SwitchboardError('invalid_input', `--expires takes a date (2026-12-31: the key works through that local day) or a local date-time (2026-12-31 18:00), not "${value}".`);
  }
  if (ms <= Date.now()) throw new SwitchboardError('invalid_input', `--expires ${value} is already past (${localDateMinute(ms)} local time); give a later date or time.`);
  return ms;
}

/** --page past the last page is refused like any other flag value out of range, not shown as an empty table under "Page 99 of 1". */
function pageExists(logs: LogPage, account: string): void {
  if (!isPastLastPage(logs)) return;
  const last = logs.total === null ? null : lastLogPage(logs.total, logs.pageSize);
  const pages = last === null ? 'the gateway does not say how many there are, so try a lower one' : `${last === 1 ? 'there is only page 1' : `pages 1 to ${last} exist`} (${formatCalls(logs.total!)})`;
  throw new SwitchboardError('invalid_input', `--page ${logs.page} is past the last page of ${account}'s logs in this window: ${pages}.`);
}

async function keysCommand(app: App, args: string[], values: Record<string, string | boolean | undefined>, io: Io): Promise<void> {
  const emit = (value: unknown, human: () => string) => io.out(values.json ? JSON.stringify(value, null, 2) : human());
  const [first, account, ref, extra] = args;
  if (!first) throw new SwitchboardError('invalid_input', 'account keys needs an account name; see "switchboard account --help".');
  if (!(KEY_VERBS as readonly string[]).includes(first)) {
    const { keys, partial } = await call(app, 'accounts.keys.listing', { account: first });
    // --json keeps its array; a partial list says so on stderr, where it never breaks the JSON.
    if (partial && values.json) io.err(`switchboard: warning: ${partial}`);
    return emit(keys, () => [...(partial ? [partial] : []), table(keyRows(keys))].join('\n'));
  }
  if (!account) throw new SwitchboardError('invalid_input', `account keys ${first} needs an account name; see "switchboard account --help".`);
  const key = keyRef(ref, first);
  const str = (name: string) => values[name] as string | undefined;
  switch (first) {
    case 'create': {
      // Either caps the key: with both, one would be dropped unseen, and an unlimited key is the costly guess.
      if (str('quota') !== undefined && values.unlimited) {
        throw new SwitchboardError('invalid_input', 'account keys create takes --quota N or --unlimited, not both; nothing was created.');
      }
      const created = await call(app, 'accounts.keys.create', {
        account,
        name: String(key),
        quota: str('quota') === undefined ? undefined : nonNegativeNumber(str('quota')!, '--quota'),
        unlimited: values.unlimited === true,
        expiresAt: expiryMs(str('expires')),
        group: str('group'),
        models: csv(str('models')),
      });
      return emit(created, () => `Created key ${created.name} (id ${created.id}, ${created.key}); "switchboard account keys reveal ${account} ${created.id}" shows it whole.`);
    }
    case 'disable':
    case 'enable': {
      const changed = await call(app, 'accounts.keys.setEnabled', { account, key, enabled: first === 'enable' });
      return emit(changed, () => `Key ${changed.name} is ${changed.status}.`);
    }
    case 'delete': {
      const deleted = await call(app, 'accounts.keys.delete', { account, key });
      return emit(deleted, () => `Deleted key ${deleted.name} (id ${deleted.deleted}).`);
    }
    case 'group': {
      if (extra === undefined) throw new SwitchboardError('invalid_input', 'account keys group needs the new group name (or "" for the user\'s own group).');
      const changed = await call(app, 'accounts.keys.setGroup', { account, key, group: extra });
      const repriced = changed.repriced.map((r) => `provider ${r.provider} now prices its calls at the group's ratio, ${r.groupRatio}`);
      return emit(changed, () => `Key ${changed.name} now bills in group ${changed.group || "(the user's own)"}${repriced.map((r) => `; ${r}`).join('')}.`);
    }
    case 'reveal': {
      const revealed = await call(app, 'accounts.keys.reveal', { account, key });
      return emit(revealed, () => revealed.key);
    }
    default: {
      const used = await call(app, 'accounts.keys.use', {
        account,
        key,
        provider: str('provider'),
        protocols: csv(str('protocols')) as never,
        models: csv(str('models')),
      });
      return emit(used, () => `${used.created ? 'Created' : 'Updated'} provider ${used.provider.name} (${used.provider.baseUrl}, key ${used.provider.keys[0]}, group ratio ${used.groupRatio}).`);
    }
  }
}

async function accountCommand(app: App, argv: string[], io: Io): Promise<void> {
  const { values, positionals } = parseCommand('account', argv, {
    'base-url': { type: 'string' },
    kind: { type: 'string' },
    username: { type: 'string' },
    password: { type: 'string' },
    otp: { type: 'string' },
    'access-token': { type: 'string' },
    'user-id': { type: 'string' },
    key: { type: 'string' },
    'low-balance': { type: 'string' },
    since: { type: 'string' },
    model: { type: 'string' },
    token: { type: 'string' },
    page: { type: 'string' },
    quota: { type: 'string' },
    unlimited: { type: 'boolean' },
    expires: { type: 'string' },
    group: { type: 'string' },
    models: { type: 'string' },
    provider: { type: 'string' },
    protocols: { type: 'string' },
    json: { type: 'boolean' },
  });
  const [sub, name, ...rest] = positionals;
  if (!sub) return io.out(ACCOUNT_HELP);
  const emit = (value: unknown, human: () => string) => io.out(values.json ? JSON.stringify(value, null, 2) : human());
  const needName = () => {
    if (!name) throw new SwitchboardError('invalid_input', `account ${sub} needs an account name; see "switchboard account --help".`);
    return name;
  };
  if (SECRET_FLAGS.filter((flag) => values[flag] === '-').length > 1) throw new SwitchboardError('invalid_input', 'Only one secret can come from standard input.');
  const secrets = async () => ({
    password: await secretArg(values.password, '--password', io),
    accessToken: await secretArg(values['access-token'], '--access-token', io),
    key: await secretArg(values.key, '--key', io),
  });
  switch (sub) {
    case 'add': {
      const account = await call(app, 'accounts.add', {
        name: needName(),
        kind: values.kind === undefined ? undefined : oneOf(values.kind, ACCOUNT_KINDS, '--kind', 'account'),
        baseUrl: values['base-url'],
        username: values.username,
        otp: values.otp,
        userId: values['user-id'] === undefined ? undefined : nonNegativeNumber(values['user-id'], '--user-id'),
        lowBalanceThreshold: values['low-balance'] === undefined ? undefined : nonNegativeNumber(values['low-balance'], '--low-balance'),
        ...(await secrets()),
      });
      return emit(account, () => `Added account ${account.name} (${account.kind}, ${account.baseUrl}, ${account.auth}${account.username ? ` as ${account.username}` : ''}).`);
    }
    case 'login': {
      const account = await call(app, 'accounts.login', { name: needName(), otp: values.otp, ...(await secrets()) });
      return emit(account, () => `Signed in to ${account.name}.`);
    }
    case 'list': {
      const accounts = await call(app, 'accounts.list', {});
      return emit(accounts, () =>
        accounts.length
          ? table([
              ['NAME', 'KIND', 'BASE URL', 'SIGN-IN', 'CREDENTIAL', 'LOW BELOW', 'PROVIDERS'],
              ...accounts.map((a) => [a.name, a.kind, a.baseUrl, a.username ? `${a.auth} (${a.username})` : a.auth, a.credential, a.lowBalanceThreshold === null ? '-' : figure(a.lowBalanceThreshold), a.providers.join(',') || '-']),
            ])
          : 'No accounts yet; add one with "switchboard account add <name> --base-url URL --username U --password -".',
      );
    }
    case 'rm': {
      const removed = await call(app, 'accounts.remove', { name: needName() });
      return emit(removed, () => `Removed account ${removed.removed}.`);
    }
    case 'balance': {
      const result = await call(app, 'accounts.balance', { name });
      if (values.json) return io.out(JSON.stringify(name ? result.balances[0] : result, null, 2));
      io.out(table([['ACCOUNT', 'REMAINING', 'USED', 'WARNING', 'READ AT'], ...result.balances.map(balanceRow)]));
      for (const f of result.failures) io.err(`${f.account}: ${cliMessage(f, 'account')}`);
      return;
    }
    case 'threshold': {
      const raw = rest[0];
      if (raw === undefined) throw new SwitchboardError('invalid_input', 'account threshold needs a number, or "off".');
      const account = await call(app, 'accounts.setThreshold', { name: needName(), threshold: raw === 'off' ? null : nonNegativeNumber(raw, 'threshold') });
      const threshold = account.lowBalanceThreshold;
      return emit(account, () => (threshold === null ? `${account.name} has no low-balance warning now.` : `${account.name} warns when its balance is below ${figure(threshold)}.`));
    }
    case 'keys':
      return keysCommand(app, positionals.slice(1), values, io);
    case 'logs': {
      const logs = await call(app, 'accounts.logs', {
        account: needName(),
        since: values.since,
        model: values.model,
        tokenName: values.token,
        page: values.page === undefined ? undefined : positiveInteger(values.page, '--page'),
      });
      pageExists(logs, name!);
      return emit(logs, () =>
        table([
          ['TIME', 'MODEL', 'KEY', 'INPUT', 'OUTPUT', 'CHARGED', 'REQUEST ID'],
          ...logs.items.map((l) => [localDateTime(l.ts), l.model, l.tokenName, formatCount(l.promptTokens), formatCount(l.completionTokens), charge(l.amount, logs.currency), l.requestId]),
        ]) + `\nPage ${logs.page}${logs.total === null ? '' : ` of ${lastLogPage(logs.total, logs.pageSize)} (${formatCalls(logs.total)})`}.`,
      );
    }
    case 'groups': {
      const groups = await call(app, 'accounts.groups', { account: needName() });
      return emit(groups, () => table([['GROUP', 'RATIO', 'DESCRIPTION', 'CURRENT'], ...groups.map((g) => [g.name, String(g.ratio), g.description, g.current ? "the account's group" : ''])]));
    }
    case 'pricing': {
      const pricing = await call(app, 'accounts.pricing', { account: needName() });
      const price = (n: number | null) => (n === null ? '-' : `$${figure(n)}`);
      return emit(pricing, () =>
        [
          table([
            ['MODEL', 'INPUT /M', 'OUTPUT /M', 'CACHE READ /M', 'PER CALL'],
            ...pricing.models.map((m) => [m.model, price(m.input), price(m.output), price(m.cacheRead), price(m.perCall)]),
          ]),
          ...pricing.applied.map((a) => `Wrote ${formatCountOf(a.models, 'price')} for provider ${a.provider} (group ratio ${a.groupRatio}).`),
        ].join('\n'),
      );
    }
    default:
      throw new SwitchboardError('invalid_input', `Unknown account command "${sub}"; see "switchboard account --help".`);
  }
}

/**
 * What a report without a flagged call says, true of what the audit read: with the logs cut, only
 * the logs read were checked; with the ledger cut, only against the latest calls read.
 */
export function noDiscrepancies({ cut, totals }: Pick<AuditReport, 'cut' | 'totals'>): string {
  const scope = totals.unpricedCalls ? ' in calls, tokens or models (charges judged only where priced)' : '';
  const n = formatCount(totals.ledgerCalls);
  if (cut.logs && cut.ledger) return `No discrepancies${scope} in the logs and ledger calls read: the logs read match ${n} of the proxy's latest calls, the ones the audit read.`;
  if (cut.logs) return `No discrepancies${scope} in the logs read: they match the ${n} calls the proxy made.`;
  if (cut.ledger) return `No discrepancies${scope} in the ledger calls read: the gateway's bill matches ${n} of the proxy's latest calls, the ones the audit read.`;
  return `No discrepancies${scope}: the gateway's bill matches the ${n} calls the proxy made.`;
}

async function auditCommand(app: App, argv: string[], io: Io): Promise<void> {
  const { values } = parseCommand('audit', argv, { account: { type: 'string' }, since: { type: 'string' }, tolerance: { type: 'string' }, json: { type: 'boolean' } }, false);
  if (!values.account) throw new SwitchboardError('invalid_input', '--account is required; see "switchboard audit --help".');
  const report = await call(app, 'audit.run', {
    account: values.account,
    since: values.since,
    tolerance: values.tolerance === undefined ? undefined : nonNegativeNumber(values.tolerance, '--tolerance'),
  });
  if (values.json) return io.out(JSON.stringify(auditReportInEnglish(report), null, 2));
  const { totals } = report;
  if (report.incomplete) io.out(auditIncompleteSentence(report.incomplete));
  io.out(
    table([
      ['DAY', 'GATEWAY CALLS', 'PROXY CALLS', 'MATCHED', 'DISCREPANCIES', 'BILLED', 'EXPECTED', 'OVERCHARGE'],
      ...[...report.days, { day: report.incomplete ? 'partial total' : 'total', ...totals }].map((d) => [
        d.day,
        formatCount(d.gatewayCalls),
        formatCount(d.ledgerCalls),
        formatCount(d.matched),
        formatCount(d.discrepancies),
        usd(d.billedUsd),
        totalCost(d.expectedUsd, d.unpricedCalls, d.matched),
        d.unpricedCalls ? `${usd(d.overchargeUsd)} (${formatCount(d.unpricedCalls)} not judged)` : usd(d.overchargeUsd),
      ]),
    ]),
  );
  if (!report.providers.length) {
    io.out(`No provider uses the keys of ${report.account} yet, so the proxy saw none of its calls: make one with "switchboard account keys use ${report.account} <key>".`);
  }
  if (totals.unpricedCalls) {
    io.out(
      `${formatCount(totals.unpricedCalls)} of the ${formatCount(totals.matched)} matched calls have no price in the ledger, so the audit cannot judge what they were charged: ` +
        `import prices with "switchboard account pricing ${report.account}" or set them with "switchboard price set".`,
    );
  }
  const flagged = report.calls.filter((c) => c.issues.length);
  if (!flagged.length) return io.out(noDiscrepancies(report));
  io.out('');
  io.out(
    table([
      ['TIME', 'ISSUE', 'NOTE'],
      ...flagged.flatMap((c) => c.issues.map((issue, i) => [localDateTime(c.gateway?.ts ?? c.ledger?.ts ?? 0), issue, auditNoteSentence(c.notes[i])])),
    ]),
  );
}

export const accountCommands: Record<string, Command> = { account: accountCommand, audit: auditCommand };
