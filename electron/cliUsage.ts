import path from 'node:path';
import { callOutcomeOf } from '../shared/callOutcome';
import { CALL_ENDPOINTS } from '../shared/callEndpoint';
import { formatCalls, formatCount, formatCountOf } from '../shared/formatCount';
import { localDateTime } from '../shared/localTime';
import { sincePhrase } from '../shared/since';
import { CLIENTS } from '../shared/schemas';
import { MAX_LISTED_CALLS, USAGE_GROUPINGS, type UsageCall } from '../shared/usageContract';
import type { App } from './core/app';
import { SwitchboardError } from './core/errors';
import { writeFileAtomic } from './core/files/atomicWrite';
import { call, nonNegativeNumber, oneOf, parseCommand, positiveInteger, type Command, type Io } from './cliCommon';
import { PRICE_HELP } from './cliHelp';
import { table } from './cliTable';
import { callCost, figure, totalCost, unpricedAdvice } from './cliMoney';

const ms = (n: number | null) => (n === null ? '-' : `${formatCount(n)} ms`);

/** Every cache write, then the part of it kept an hour (priced apart), in the totals and the calls list alike. */
const CACHE_WRITE_HEADINGS = ['CACHE WRITE', 'INCL. 1H'];
const cacheWriteCells = (r: { cacheWriteTokens: number; cacheWrite1hTokens: number }) => [formatCount(r.cacheWriteTokens), formatCount(r.cacheWrite1hTokens)];

/** The STATUS column: the HTTP status, and how the call ended when that alone would mislead. */
function statusText(r: UsageCall): string {
  switch (callOutcomeOf(r)) {
    case 'ok':
      return String(r.status);
    case 'failed':
      return `${r.status} ${r.errorClass ?? ''}`.trim();
    case 'failed_mid_stream':
      return `${r.status} → failed mid-stream: ${r.errorMessage ?? r.errorClass}`;
    case 'cancelled':
      return r.status < 400 ? `${r.status} → cancelled by the client mid-stream` : 'cancelled by the client';
  }
}

async function usageCommand(app: App, argv: string[], io: Io): Promise<void> {
  const { values } = parseCommand(
    'usage',
    argv,
    {
      since: { type: 'string' },
      by: { type: 'string' },
      json: { type: 'boolean' },
      latency: { type: 'boolean' },
      calls: { type: 'string' },
      csv: { type: 'string' },
      client: { type: 'string' },
      provider: { type: 'string' },
      model: { type: 'string' },
      endpoint: { type: 'string' },
      errors: { type: 'boolean' },
      cancelled: { type: 'boolean' },
    },
    false,
  );
  if (values.errors && values.cancelled) throw new SwitchboardError('invalid_input', 'usage takes --errors or --cancelled, not both; see "switchboard usage --help".');
  const listsCalls = values.calls !== undefined || values.csv !== undefined;
  // The totals tables do not keep how a call ended, and totals already count both kinds apart.
  if (values.errors && !listsCalls) {
    throw new SwitchboardError('invalid_input', '--errors only picks which calls --calls or --csv list (for example "switchboard usage --calls 20 --errors"); totals and --latency count failed calls in their ERRORS column.');
  }
  if (values.cancelled && !listsCalls) {
    throw new SwitchboardError('invalid_input', '--cancelled only picks which calls --calls or --csv list (for example "switchboard usage --calls 20 --cancelled"); totals count cancelled calls on a line of their own, and --latency leaves them out.');
  }
  const endpoint = values.endpoint === undefined ? undefined : oneOf(values.endpoint, CALL_ENDPOINTS, '--endpoint', 'usage');
  const since = values.since ?? (values.csv ? '7d' : '24h');
  const json = (value: unknown) => io.out(JSON.stringify(value, null, 2));
  const narrowing = {
    client: values.client ? oneOf(values.client, CLIENTS, '--client', 'usage') : undefined,
    provider: values.provider,
    model: values.model,
    endpoint,
  };
  const filter = {
    since,
    ...narrowing,
    outcome: values.errors ? ('error' as const) : values.cancelled ? ('cancelled' as const) : ('all' as const),
  };
  /** The filter flags as typed, so an empty answer says what it was narrowed by and hints can repeat them. */
  const filterFlags = (['client', 'provider', 'model', 'endpoint'] as const).flatMap((name) => (filter[name] ? [`--${name} ${filter[name]}`] : [])).join(' ');
  const noCalls = (kind: string) => `No ${kind} through the proxy${filterFlags ? ` matching ${filterFlags}` : ''} ${sincePhrase(since)}.`;
  /** --model is the served model: says which calls asked for it and were served as another model, so none go missing unseen. */
  const mappedAway = async (calls: typeof filter) => {
    if (!calls.model) return;
    const served = await call(app, 'usage.servedInstead', { ...calls, model: calls.model });
    const count = served.reduce((n, s) => n + s.calls, 0);
    if (!count) return;
    const names = served.map((s) => `${s.model} (${formatCount(s.calls)})`).join(', ');
    io.out(
      `Not included: ${formatCalls(count)} that asked for ${calls.model} and a route's mapping served as ${names}; --model matches the model that served a call (for those, --model ${served[0].model}).`,
    );
  };

  if (values.csv !== undefined) {
    const { csv, rows } = await call(app, 'usage.exportCsv', filter);
    if (values.csv === '-') return io.out(csv.trimEnd());
    const file = path.resolve(values.csv);
    writeFileAtomic(file, csv);
    io.out(`Wrote ${formatCalls(rows)} to ${file}.`);
    return mappedAway(filter);
  }
  if (values.latency) {
    const rows = await call(app, 'usage.latency', { since, ...narrowing });
    if (values.json) return json(rows);
    io.out(
      rows.length
        ? table([
            ['PROVIDER', 'CALLS', 'ERRORS', 'P50', 'P95', 'TTFB P50', 'TTFB P95'],
            ...rows.map((r) => [r.provider, formatCount(r.calls), `${formatCount(r.errors)} (${(r.errorRate * 100).toFixed(1)}%)`, ms(r.p50Ms), ms(r.p95Ms), ms(r.ttfbP50Ms), ms(r.ttfbP95Ms)]),
          ])
        : noCalls('calls'),
    );
    return mappedAway(filter);
  }
  if (values.calls !== undefined) {
    const limit = positiveInteger(values.calls, '--calls');
    if (limit > MAX_LISTED_CALLS) throw new SwitchboardError('invalid_input', `--calls lists at most ${formatCount(MAX_LISTED_CALLS)} calls, not ${values.calls}; "switchboard usage --csv -" prints every call.`);
    const page = await call(app, 'usage.calls', { ...filter, limit, offset: 0 });
    // The English sentence (errorMessage) is the failure: its code and figures are the dashboard's to word.
    if (values.json) return json({ ...page, rows: page.rows.map(({ failure: _failure, ...row }) => row) });
    if (!page.rows.length) {
      io.out(noCalls(values.errors ? 'failed calls' : values.cancelled ? 'cancelled calls' : 'calls'));
      return mappedAway(filter);
    }
    const mark = (n: number, estimated: boolean) => `${estimated ? '~' : ''}${formatCount(n)}`;
    io.out(
      table([
        ['ID', 'TIME', 'CLIENT', 'ENDPOINT', 'PROVIDER', 'MODEL', 'STATUS', 'INPUT', 'OUTPUT', 'CACHE READ', ...CACHE_WRITE_HEADINGS, 'COST', 'TTFB', 'TOTAL', 'ATTEMPTS'],
        ...page.rows.map((r) => [
          String(r.id),
          localDateTime(r.ts),
          r.client,
          r.endpoint ?? 'unknown',
          r.provider ?? '-',
          r.servedModel ?? r.requestedModel ?? '-',
          statusText(r),
          mark(r.inputTokens, r.estimatedCounts === 'all'),
          mark(r.outputTokens, r.estimatedCounts !== null),
          formatCount(r.cacheReadTokens),
          ...cacheWriteCells(r),
          callCost(r.costUsd),
          ms(r.ttfbMs),
          ms(r.totalMs),
          r.failedProviders.length ? `${r.attempts} (failed: ${r.failedProviders.join(', ')})` : String(r.attempts),
        ]),
      ]),
    );
    return mappedAway(filter);
  }
  const by = values.by ? oneOf(values.by, USAGE_GROUPINGS, '--by', 'usage') : 'model';
  const summary = await call(app, 'usage.summary', { since, by, ...narrowing });
  // Calls their client abandoned are neither successes nor errors: counted apart, in both outputs.
  const cancelled = (await call(app, 'usage.calls', { since, ...narrowing, outcome: 'cancelled', limit: 1, offset: 0 })).total;
  if (values.json) return json({ ...summary, totals: { ...summary.totals, cancelledCalls: cancelled } });
  if (!summary.groups.length) {
    io.out(noCalls('calls'));
    return mappedAway(filter);
  }
  const t = summary.totals;
  // A call recorded before the ledger kept its endpoint is under '', as the calls list says it: unknown.
  const line = (key: string, g: typeof t) => [key || (by === 'endpoint' ? 'unknown' : '-'), formatCount(g.calls), formatCount(g.errors), formatCount(g.inputTokens), formatCount(g.outputTokens), formatCount(g.cacheReadTokens), ...cacheWriteCells(g), totalCost(g.costUsd, g.unpricedCalls, g.calls)];
  io.out(
    table([
      [by.toUpperCase(), 'CALLS', 'ERRORS', 'INPUT', 'OUTPUT', 'CACHE READ', ...CACHE_WRITE_HEADINGS, 'COST'],
      ...summary.groups.map((g) => line(g.key, { ...g, errorRate: 0 })),
      line('TOTAL', t),
    ]),
  );
  if (cancelled) {
    io.out(`Cancelled by the client: ${formatCalls(cancelled)} (not counted as errors); list them with "switchboard usage --calls 20 --cancelled${filterFlags ? ` ${filterFlags}` : ''}".`);
  }
  const advice = unpricedAdvice(t.unpricedCalls);
  if (advice) io.out(advice);
  await mappedAway(filter);
}

async function priceCommand(app: App, argv: string[], io: Io): Promise<void> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseCommand('price', rest, {
    provider: { type: 'string' },
    input: { type: 'string' },
    output: { type: 'string' },
    'cache-read': { type: 'string' },
    'cache-write': { type: 'string' },
    'cache-write-1h': { type: 'string' },
    group: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!sub) return io.out(PRICE_HELP);
  const json = (value: unknown) => io.out(JSON.stringify(value, null, 2));
  const [provider, model] = positionals;
  const need = (what: string, value: string | undefined) => {
    if (!value) throw new SwitchboardError('invalid_input', `price ${sub} needs ${what}; see "switchboard price --help".`);
    return value;
  };
  const optionalPrice = (flag: 'cache-read' | 'cache-write' | 'cache-write-1h') => (values[flag] === undefined ? undefined : nonNegativeNumber(values[flag], `--${flag}`));
  switch (sub) {
    case 'list': {
      const prices = await call(app, 'prices.list', { provider: values.provider });
      if (values.json) return json(prices);
      if (!prices.length) return io.out('No prices yet: "switchboard price sync <provider>" or "switchboard price set ...".');
      return io.out(
        table([
          ['PROVIDER', 'MODEL', 'INPUT', 'OUTPUT', 'CACHE READ', 'CACHE WRITE', '1H CACHE WRITE', 'SOURCE'],
          ...prices.map((p) => [
            p.provider,
            p.model,
            figure(p.input),
            figure(p.output),
            p.cacheRead === null ? 'unset' : figure(p.cacheRead),
            p.cacheWrite === null ? 'unset' : figure(p.cacheWrite),
            p.cacheWrite1hCharged === null ? 'unset' : p.cacheWrite1h === null ? `${figure(p.cacheWrite1hCharged)} (2x input)` : figure(p.cacheWrite1h),
            p.source,
          ]),
        ]),
      );
    }
    case 'set': {
      const p = await call(app, 'prices.set', {
        provider: need('a provider', provider),
        model: need('a model', model),
        input: nonNegativeNumber(need('--input', values.input), '--input'),
        output: nonNegativeNumber(need('--output', values.output), '--output'),
        cacheRead: optionalPrice('cache-read'),
        cacheWrite: optionalPrice('cache-write'),
        // "default" clears a price set by hand: 1-hour writes are then charged at twice the input price.
        cacheWrite1h: values['cache-write-1h'] === 'default' ? null : optionalPrice('cache-write-1h'),
      });
      if (values.json) return json(p);
      const cache = (label: string, value: number | null) => (value === null ? `${label} unset` : `$${figure(value)} ${label}`);
      const oneHour = p.cacheWrite1hCharged === null ? '' : `, $${figure(p.cacheWrite1hCharged)} 1-hour cache write${p.cacheWrite1h === null ? ' (twice the input price, the default)' : ''}`;
      return io.out(`${p.provider} ${p.model}: $${figure(p.input)} in, $${figure(p.output)} out, ${cache('cache read', p.cacheRead)}, ${cache('cache write', p.cacheWrite)}${oneHour} per million tokens.`);
    }
    case 'rm':
    case 'remove': {
      const r = await call(app, 'prices.remove', { provider: need('a provider', provider), model: need('a model', model) });
      if (values.json) return json(r);
      return io.out(`Removed the price of ${r.model} on ${r.provider}.`);
    }
    case 'sync': {
      const r = await call(app, 'prices.sync', { provider: need('a provider', provider), group: values.group });
      if (values.json) return json(r);
      io.out(`Imported ${formatCountOf(r.imported, 'model price')} from ${r.provider}.${r.groupRatio !== null ? ` Group ratio set to ${r.groupRatio}.` : ''}`);
      if (r.perCall.length) io.out(`Billed per call, not priced by tokens: ${r.perCall.join(', ')}.`);
      return;
    }
    default:
      throw new SwitchboardError('invalid_input', `Unknown price command "${sub}"; see "switchboard price --help".`);
  }
}

export const usageCommands: Record<string, Command> = { usage: usageCommand, price: priceCommand };
