import { useState } from 'react';
import { CALL_ENDPOINTS, type CallEndpoint } from '../../shared/callEndpoint';
import { CLIENTS } from '../../shared/schemas';
import { invoke } from '../bridge';
import { BusyButton } from '../components/BusyButton';
import { CallsTable } from '../components/CallsTable';
import { Card } from '../components/Card';
import { HorizontalBars } from '../components/charts/HorizontalBars';
import { StackedColumns } from '../components/charts/StackedColumns';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { LoadState } from '../components/LoadState';
import { ServerTimeZoneNote } from '../components/ServerTimeZoneNote';
import { useAction } from '../hooks/useAction';
import { useChannel } from '../hooks/useChannel';
import { useI18n } from '../i18n/I18nProvider';
import { formatCompact, formatErrorRate, formatMoney, formatMs, formatNumber } from '../i18n/format';
import { clientName } from '../lib/clientName';
import { totalCostText } from '../lib/costText';
import { columnsOf, metricOf, tokensOf, type UsageMetric } from '../lib/usageCharts';

const WINDOWS = ['today', '24h', '7d', '30d'] as const;
const GROUPINGS = ['model', 'provider', 'client', 'endpoint'] as const;
const OUTCOMES = ['all', 'ok', 'error', 'cancelled'] as const;

/** Hands a text to the browser as a file download. */
function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function UsagePage() {
  const { t, locale } = useI18n();
  const [since, setSince] = useState<(typeof WINDOWS)[number]>('7d');
  const [by, setBy] = useState<(typeof GROUPINGS)[number]>('model');
  const [metric, setMetric] = useState<UsageMetric>('cost');
  const [client, setClient] = useState('');
  const [provider, setProvider] = useState('');
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number]>('all');
  const [endpoint, setEndpoint] = useState<CallEndpoint | ''>('');
  // Client, provider and endpoint narrow the whole page: the totals tables keep them. Outcome narrows the
  // calls list (and its CSV) alone, as the totals tables do not keep how a call ended; the list says so.
  const scope = { since, client: (client || undefined) as (typeof CLIENTS)[number] | undefined, provider: provider || undefined, endpoint: endpoint || undefined };
  const filter = { ...scope, outcome };

  const summary = useChannel('usage.summary', { ...scope, by });
  const series = useChannel('usage.timeseries', { ...scope, bucket: 'day', by });
  const latency = useChannel('usage.latency', scope);
  const calls = useChannel('usage.calls', { ...filter, limit: 200 });
  const cancelled = useChannel('usage.calls', { ...scope, outcome: 'cancelled', limit: 1 });
  const providers = useChannel('providers.list', {});
  const exportCsv = useAction(async () => {
    const { csv } = await invoke('usage.exportCsv', filter);
    download(`switchboard-usage-${since}.csv`, csv, 'text/csv');
  });

  /** A group's name on the charts: clients as the window names them elsewhere, and an endpoint not recorded as the calls table says it. */
  const groupName = (key: string) => (by === 'client' ? clientName(t, key) : by === 'endpoint' && key === '' ? t('usage.endpointUnknown') : key);
  const format = (v: number) => (metric === 'cost' ? formatMoney(locale, v) : formatCompact(locale, v));
  const reload = () => Promise.all([summary.reload(), series.reload(), latency.reload(), calls.reload(), cancelled.reload()]);

  return (
    <div className="stack">
      <div className="toolbar">
        <Field label={t('usage.window')}>
          <select value={since} onChange={(e) => setSince(e.target.value as typeof since)}>
            {WINDOWS.map((w) => (
              <option key={w} value={w}>
                {t(`window.${w}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('usage.groupBy')}>
          <select value={by} onChange={(e) => setBy(e.target.value as typeof by)}>
            {GROUPINGS.map((g) => (
              <option key={g} value={g}>
                {t(`grouping.option.${g}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('usage.metric')}>
          <select value={metric} onChange={(e) => setMetric(e.target.value as UsageMetric)}>
            <option value="cost">{t('usage.spend')}</option>
            <option value="tokens">{t('usage.tokens')}</option>
          </select>
        </Field>
        <span className="spacer" />
        <button type="button" onClick={() => void reload()}>
          {t('common.refresh')}
        </button>
      </div>
      <div className="toolbar" data-testid="usage-filters">
        <Field label={t('usage.client')}>
          <select value={client} onChange={(e) => setClient(e.target.value)}>
            <option value="">{t('common.all')}</option>
            {CLIENTS.map((c) => (
              <option key={c} value={c}>
                {t(`client.${c}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('common.provider')}>
          <select value={provider} onChange={(e) => setProvider(e.target.value)}>
            <option value="">{t('common.all')}</option>
            {(providers.data ?? []).map((p) => (
              <option key={p.id} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('usage.endpoint')}>
          <select value={endpoint} onChange={(e) => setEndpoint(e.target.value as CallEndpoint | '')}>
            <option value="">{t('common.all')}</option>
            {CALL_ENDPOINTS.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <ServerTimeZoneNote />
      <LoadState state={summary}>
        {(s) => (
          <>
          <div className="stats" data-testid="usage-totals">
            <div data-testid="usage-calls">
              <strong>{formatNumber(locale, s.totals.calls)}</strong>
              <span>{t('home.calls')}</span>
            </div>
            <div data-testid="usage-spend">
              <strong>{totalCostText(t, locale, s.totals)}</strong>
              <span>{t('usage.spend')}</span>
            </div>
            <div data-testid="usage-tokens">
              <strong>{formatCompact(locale, tokensOf(s.totals))}</strong>
              <span>{t('usage.tokens')}</span>
            </div>
            <div>
              <strong>{formatErrorRate(locale, s.totals)}</strong>
              <span>{t('home.errorRate')}</span>
            </div>
            {/* Every cache write, the 1-hour ones included (the tokens above count them too); how many were kept an hour, priced apart. */}
            <div data-testid="usage-cache-writes">
              <strong>{formatCompact(locale, s.totals.cacheWriteTokens)}</strong>
              <span>{t('usage.cacheWrites', { oneHour: formatCompact(locale, s.totals.cacheWrite1hTokens) })}</span>
            </div>
            <div data-testid="usage-cancelled">
              <strong>{formatNumber(locale, cancelled.data?.total ?? 0)}</strong>
              <span>{t('usage.cancelledCalls')}</span>
            </div>
          </div>
          {s.totals.unpricedCalls > 0 && <p className="muted small-text">{t('usage.unpricedHint', { count: formatNumber(locale, s.totals.unpricedCalls) })}</p>}
          </>
        )}
      </LoadState>
      <div className="grid">
        <Card title={t(metric === 'cost' ? 'usage.spendPerDay' : 'usage.tokensPerDay')} testId="chart-per-day">
          <LoadState state={series}>
            {(rows) => {
              const { columns, series: keys } = columnsOf(rows, metric, groupName);
              return <StackedColumns title={t('usage.perDay')} columns={columns} series={keys} format={format} emptyText={t('usage.noData')} />;
            }}
          </LoadState>
        </Card>
        <Card title={t('usage.byGroup', { group: t(`grouping.${by}`) })} testId="chart-by-group">
          <LoadState state={summary}>
            {(s) => (
              <HorizontalBars
                title={t('usage.byGroup', { group: t(`grouping.${by}`) })}
                // A group whose calls all lack a price has no spend to draw (shown as –), not $0.
                rows={s.groups.map((g) => ({ label: groupName(g.key), values: [metric === 'cost' && g.unpricedCalls === g.calls ? null : metricOf(g, metric)] }))}
                series={[t(metric === 'cost' ? 'usage.spend' : 'usage.tokens')]}
                format={format}
                emptyText={t('usage.noData')}
              />
            )}
          </LoadState>
        </Card>
        <Card title={t('usage.latency')} testId="chart-latency">
          <LoadState state={latency}>
            {(rows) => (
              <HorizontalBars
                title={t('usage.latency')}
                rows={rows.map((r) => ({ label: r.provider, values: [r.p50Ms, r.p95Ms, r.ttfbP50Ms, r.ttfbP95Ms] }))}
                series={[t('usage.p50'), t('usage.p95'), t('usage.ttfbP50'), t('usage.ttfbP95')]}
                format={(v) => formatMs(locale, v)}
                emptyText={t('usage.noData')}
              />
            )}
          </LoadState>
        </Card>
      </div>
      <Card
        title={t('usage.calls')}
        actions={
          <BusyButton type="button" className="small" busy={exportCsv.busy} onClick={() => void exportCsv.run()}>
            {t('usage.exportCsv')}
          </BusyButton>
        }
      >
        <div className="toolbar">
          <Field label={t('usage.outcome')}>
            <select value={outcome} onChange={(e) => setOutcome(e.target.value as typeof outcome)}>
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {t(`outcome.${o}`)}
                </option>
              ))}
            </select>
          </Field>
          {outcome !== 'all' && (
            <p className="muted small-text" data-testid="usage-outcome-note">
              {t('usage.outcomeNote')}
            </p>
          )}
        </div>
        <ErrorNote error={exportCsv.error} />
        <LoadState state={calls}>
          {(page) => (
            <>
              <p className="muted small-text">{t('usage.shown', { shown: formatNumber(locale, page.rows.length), total: formatNumber(locale, page.total) })}</p>
              {page.rows.length === 0 ? <p className="muted">{t('usage.noCalls')}</p> : <CallsTable rows={page.rows} />}
            </>
          )}
        </LoadState>
      </Card>
    </div>
  );
}
