import { useEffect, useState } from 'react';
import { useChannel } from '../hooks/useChannel';
import { useI18n } from '../i18n/I18nProvider';
import { formatCost, formatDateTime, formatNumber } from '../i18n/format';
import { isPastLastPage, lastLogPage, pageBefore } from '../../shared/logPages';
import { LoadState } from './LoadState';

const PAGE_SIZE = 50;

/** The gateway's own per-call log for this account, a page at a time. */
export function GatewayLogs({ account }: { account: string }) {
  const { t, locale } = useI18n();
  const [page, setPage] = useState(1);
  const logs = useChannel('accounts.logs', { account, since: '7d', page, pageSize: PAGE_SIZE });
  const shown = logs.data;
  // new-api counts its logs, so the last page is known; one-api does not, and only the page shown is.
  const pageText = (total: number | null) =>
    total === null ? t('common.page', { page: formatNumber(locale, page) }) : t('common.pageOf', { page: formatNumber(locale, page), pages: formatNumber(locale, lastLogPage(total, PAGE_SIZE)) });
  // A page the logs shrank away from (calls older than the window drop out) steps back to one that exists.
  useEffect(() => {
    if (shown && shown.page === page && isPastLastPage(shown)) setPage(pageBefore(shown));
  }, [shown, page]);
  return (
    <LoadState state={logs}>
      {(data) => (
        <>
          {data.items.length === 0 ? (
            <p className="muted">{t('accounts.noLogs')}</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="gateway-logs">
                <thead>
                  <tr>
                    <th>{t('usage.time')}</th>
                    <th>{t('accounts.logType')}</th>
                    <th>{t('common.model')}</th>
                    <th>{t('accounts.keyName')}</th>
                    <th className="num">{t('usage.input')}</th>
                    <th className="num">{t('usage.output')}</th>
                    <th className="num">{t('accounts.charged')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((log) => (
                    <tr key={log.id}>
                      <td>{formatDateTime(locale, log.ts)}</td>
                      <td>{t(`logType.${log.type}`)}</td>
                      <td>{log.model}</td>
                      <td>{log.tokenName}</td>
                      <td className="num">{formatNumber(locale, log.promptTokens)}</td>
                      <td className="num">{formatNumber(locale, log.completionTokens)}</td>
                      <td className="num">{formatCost(locale, log.amount, data.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="buttons">
            <button type="button" className="small" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              {t('common.previous')}
            </button>
            <span className="muted small-text">{pageText(data.total)}</span>
            <button type="button" className="small" disabled={data.total === null ? data.items.length < PAGE_SIZE : page >= lastLogPage(data.total, PAGE_SIZE)} onClick={() => setPage(page + 1)}>
              {t('common.next')}
            </button>
          </div>
        </>
      )}
    </LoadState>
  );
}
