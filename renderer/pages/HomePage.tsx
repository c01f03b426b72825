import { Badge } from '../components/Badge';
import { Card } from '../components/Card';
import { errorText } from '../components/ErrorNote';
import { LoadState } from '../components/LoadState';
import { LowBadge } from '../components/LowBadge';
import { ServerTimeZoneNote } from '../components/ServerTimeZoneNote';
import { useChannel } from '../hooks/useChannel';
import { useI18n } from '../i18n/I18nProvider';
import { heldAmounts } from '../../shared/heldAmounts';
import { formatAmounts, formatErrorRate, formatNumber } from '../i18n/format';
import { totalCostText } from '../lib/costText';
import { hrefOf } from '../router';

/** At a glance: where each tool points, the proxy, today's calls and spend, balances. */
export function HomePage() {
  const { t, locale } = useI18n();
  const status = useChannel('clients.status', {});
  const info = useChannel('app.info', {});
  const probe = useChannel('proxy.probe', {});
  const today = useChannel('usage.summary', { since: 'today', by: 'provider' });
  const balances = useChannel('accounts.balance', {});
  return (
    <div className="grid">
      <Card title={t('home.tools')} actions={<a href={hrefOf('tools')}>{t('home.manage')}</a>} testId="home-tools">
        <LoadState state={status}>
          {(clients) => (
            <table>
              <thead>
                <tr>
                  <th>{t('common.tool')}</th>
                  <th>{t('common.provider')}</th>
                  <th>{t('common.mode')}</th>
                  <th>{t('common.model')}</th>
                  <th>{t('home.route')}</th>
                </tr>
              </thead>
              <tbody>
                {clients.map((c) => (
                  <tr key={c.client}>
                    <td>
                      {c.label} {!c.installed && <Badge tone="muted">{t('home.notInstalled')}</Badge>}
                    </td>
                    <td>{c.provider ?? <span className="muted">{t('home.notSet')}</span>}</td>
                    <td>{c.applied ? t(`mode.${c.applied.mode}`) : '–'}</td>
                    <td>
                      {c.current.model ?? '–'}{' '}
                      {c.drift.length > 0 && <Badge tone="warn">{t('home.drift', { count: c.drift.length })}</Badge>}
                      {c.error && <Badge tone="bad">{c.error}</Badge>}
                    </td>
                    <td data-testid={`home-route-${c.client}`}>{c.applied?.mode === 'proxy' && c.route.length ? c.route.join(' → ') : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </LoadState>
      </Card>
      <Card title={t('home.proxy')}>
        <LoadState state={info}>
          {(app) => (
            <dl className="facts">
              <dt>{t('home.proxyUrl')}</dt>
              <dd>
                <code>{app.proxyUrl}</code>
              </dd>
              <dt>{t('home.proxyState')}</dt>
              <dd>
                {probe.data ? <Badge tone={probe.data.answering ? 'ok' : 'bad'}>{t(probe.data.answering ? 'home.proxyUp' : 'home.proxyDown')}</Badge> : '–'}
              </dd>
              <dt>{t('home.dataFolder')}</dt>
              <dd>
                <code>{app.home}</code>
              </dd>
              <dt>{t('home.version')}</dt>
              <dd>{app.version}</dd>
            </dl>
          )}
        </LoadState>
      </Card>
      <Card title={t('home.today')} actions={<a href={hrefOf('usage')}>{t('home.details')}</a>} testId="home-today">
        <LoadState state={today}>
          {(summary) => (
            <div className="stats">
              <div>
                <strong>{formatNumber(locale, summary.totals.calls)}</strong>
                <span>{t('home.calls')}</span>
              </div>
              <div>
                <strong>{totalCostText(t, locale, summary.totals)}</strong>
                <span>{t('home.spend')}</span>
              </div>
              <div>
                <strong>{formatErrorRate(locale, summary.totals)}</strong>
                <span>{t('home.errorRate')}</span>
              </div>
            </div>
          )}
        </LoadState>
        <ServerTimeZoneNote />
      </Card>
      <Card title={t('home.balances')} actions={<a href={hrefOf('accounts')}>{t('home.manage')}</a>}>
        <LoadState state={balances}>
          {({ balances: list, failures }) => (
            <>
              {list.length === 0 && failures.length === 0 && <p className="muted">{t('home.noAccounts')}</p>}
              <ul className="plain">
                {list.map((b) => (
                  <li key={b.account}>
                    <strong>{b.account}</strong>{' '}
                    {b.unlimited ? t('accounts.unlimited') : formatAmounts(locale, heldAmounts(b))} <LowBadge balance={b} />
                  </li>
                ))}
                {failures.map((f) => (
                  <li key={f.account}>
                    <strong>{f.account}</strong> <span className="error-text">{errorText(t, f.message, f.remedy)}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </LoadState>
      </Card>
    </div>
  );
}
