import { useState } from 'react';
import type { AuditReport } from '../../shared/accountsContract';
import { invoke } from '../bridge';
import { useAction } from '../hooks/useAction';
import { useI18n } from '../i18n/I18nProvider';
import { formatCost, formatDateTime, formatNumber } from '../i18n/format';
import { auditNoteText, auditUnreadText } from '../lib/auditText';
import { totalCostText } from '../lib/costText';
import { Badge } from './Badge';
import { BusyButton } from './BusyButton';
import { ErrorNote } from './ErrorNote';
import { Field } from './Field';
import { ServerTimeZoneNote } from './ServerTimeZoneNote';

/** Compares the gateway's billing with what the proxy saw, call by call and day by day. */
export function AuditPanel({ account }: { account: string }) {
  const { t, locale } = useI18n();
  const [since, setSince] = useState('7d');
  const [report, setReport] = useState<AuditReport | null>(null);
  const run = useAction(async () => setReport(await invoke('audit.run', { account, since })));
  const money = (v: number) => formatCost(locale, v);
  const flagged = report?.calls.filter((c) => c.issues.length > 0) ?? [];
  return (
    <div className="stack">
      <div className="toolbar">
        <Field label={t('usage.window')}>
          <select value={since} onChange={(e) => setSince(e.target.value)}>
            {(['24h', '7d', '30d'] as const).map((w) => (
              <option key={w} value={w}>
                {t(`window.${w}`)}
              </option>
            ))}
          </select>
        </Field>
        <BusyButton type="button" className="primary" busy={run.busy} onClick={() => void run.run()}>
          {t('audit.run')}
        </BusyButton>
      </div>
      <ErrorNote error={run.error} />
      <ServerTimeZoneNote />
      {report && (
        <div data-testid="audit-report">
          {report.incomplete && (
            <p className="warning" role="status" data-testid="audit-incomplete">
              {auditUnreadText(t, locale, report.incomplete)}
            </p>
          )}
          <div className="stats">
            <div>
              <strong>{formatNumber(locale, report.totals.gatewayCalls)}</strong>
              <span>{t('audit.gatewayCalls')}</span>
            </div>
            <div>
              <strong>{formatNumber(locale, report.totals.ledgerCalls)}</strong>
              <span>{t('audit.ledgerCalls')}</span>
            </div>
            <div>
              <strong>{formatNumber(locale, report.totals.matched)}</strong>
              <span>{t('audit.matched')}</span>
            </div>
            <div>
              <strong>{formatNumber(locale, report.totals.discrepancies)}</strong>
              <span>{t('audit.discrepancies')}</span>
            </div>
            <div>
              <strong>{money(report.totals.billedUsd)}</strong>
              <span>{t('audit.billed')}</span>
            </div>
            <div>
              <strong>{totalCostText(t, locale, { costUsd: report.totals.expectedUsd, unpricedCalls: report.totals.unpricedCalls, calls: report.totals.matched })}</strong>
              <span>{t('audit.expected')}</span>
            </div>
            <div>
              <strong className={report.totals.overchargeUsd > 0 ? 'error-text' : undefined}>{money(report.totals.overchargeUsd)}</strong>
              <span>{t('audit.overcharge')}</span>
            </div>
          </div>
          {report.providers.length === 0 && <p className="muted">{t('audit.noProviders')}</p>}
          {report.totals.unpricedCalls > 0 && (
            <p className="warning" data-testid="audit-unpriced">
              {t('audit.unpriced', { count: formatNumber(locale, report.totals.unpricedCalls) })}
            </p>
          )}
          {report.days.length > 0 && (
            <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('audit.day')}</th>
                  <th className="num">{t('audit.gatewayCalls')}</th>
                  <th className="num">{t('audit.ledgerCalls')}</th>
                  <th className="num">{t('audit.discrepancies')}</th>
                  <th className="num">{t('audit.billed')}</th>
                  <th className="num">{t('audit.expected')}</th>
                  <th className="num">{t('audit.overcharge')}</th>
                </tr>
              </thead>
              <tbody>
                {report.days.map((d) => (
                  <tr key={d.day} data-testid="audit-day">
                    <td>{d.day}</td>
                    <td className="num">{formatNumber(locale, d.gatewayCalls)}</td>
                    <td className="num">{formatNumber(locale, d.ledgerCalls)}</td>
                    <td className="num">{formatNumber(locale, d.discrepancies)}</td>
                    <td className="num">{money(d.billedUsd)}</td>
                    <td className="num">{totalCostText(t, locale, { costUsd: d.expectedUsd, unpricedCalls: d.unpricedCalls, calls: d.matched })}</td>
                    <td className="num">{money(d.overchargeUsd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
          )}
          {flagged.length === 0 ? (
            <p className="success">{t(report.incomplete ? 'audit.cleanSoFar' : 'audit.clean')}</p>
          ) : (
            <ul className="items">
              {flagged.map((call, i) => (
                <li key={i} className="item">
                  <div className="item-head">
                    {call.issues.map((issue) => (
                      <Badge key={issue} tone="warn">
                        {t(`auditIssue.${issue}`)}
                      </Badge>
                    ))}
                    <span className="muted small-text">{formatDateTime(locale, (call.gateway ?? call.ledger)!.ts)}</span>
                  </div>
                  <ul className="plain small-text">
                    {call.notes.map((note, j) => (
                      <li key={j} data-testid="audit-note">
                        {auditNoteText(t, locale, note)}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
