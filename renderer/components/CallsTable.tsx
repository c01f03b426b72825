import { useState } from 'react';
import type { UsageCall } from '../../shared/usageContract';
import { invoke } from '../bridge';
import { useAction } from '../hooks/useAction';
import { useI18n } from '../i18n/I18nProvider';
import { formatDateTime, formatMs, formatNumber } from '../i18n/format';
import { callCostText } from '../lib/costText';
import { Badge } from './Badge';
import { BusyButton } from './BusyButton';
import { CopyField } from './CopyField';
import { Dialog } from './Dialog';
import { ErrorNote } from './ErrorNote';

/** Every call of the ledger; a failed one offers a copy-ready diagnostic for the gateway's support. */
export function CallsTable({ rows }: { rows: UsageCall[] }) {
  const { t, locale } = useI18n();
  const [diagnostic, setDiagnostic] = useState<string | null>(null);
  const fetchDiagnostic = useAction(async (id: number) => setDiagnostic((await invoke('usage.diagnostic', { id })).text));
  const tokens = (value: number, estimated: boolean) => `${estimated ? '~' : ''}${formatNumber(locale, value)}`;
  return (
    <>
      <div className="table-wrap">
        <table className="calls" data-testid="calls-table">
          <thead>
            <tr>
              <th>{t('usage.time')}</th>
              <th>{t('usage.client')}</th>
              <th>{t('common.provider')}</th>
              <th>{t('common.model')}</th>
              <th>{t('usage.status')}</th>
              <th className="num">{t('usage.input')}</th>
              <th className="num">{t('usage.output')}</th>
              <th className="num">{t('usage.ttfb')}</th>
              <th className="num">{t('usage.total')}</th>
              <th className="num">{t('usage.attempts')}</th>
              <th className="num">{t('usage.cost')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((call) => {
              const failed = call.status >= 400 || call.errorClass !== null;
              return (
                <tr key={call.id} className={failed ? 'failed' : undefined}>
                  <td>{formatDateTime(locale, call.ts)}</td>
                  <td>{call.client}</td>
                  <td>{call.provider ?? '–'}</td>
                  <td>
                    {call.servedModel ?? call.requestedModel ?? '–'}
                    {call.requestedModel && call.servedModel && call.requestedModel !== call.servedModel && <span className="muted"> ← {call.requestedModel}</span>}
                  </td>
                  <td>
                    <Badge tone={failed ? 'bad' : 'ok'}>{call.status}</Badge> {call.errorClass}
                  </td>
                  <td className="num">{tokens(call.inputTokens, call.estimated)}</td>
                  <td className="num">{tokens(call.outputTokens, call.estimated)}</td>
                  <td className="num">{formatMs(locale, call.ttfbMs)}</td>
                  <td className="num">{formatMs(locale, call.totalMs)}</td>
                  <td className="num">{call.attempts}</td>
                  <td className="num">{callCostText(t, locale, call.costUsd)}</td>
                  <td>
                    {failed && (
                      <BusyButton type="button" className="small" busy={fetchDiagnostic.busy} onClick={() => void fetchDiagnostic.run(call.id)}>
                        {t('usage.diagnostic')}
                      </BusyButton>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <ErrorNote error={fetchDiagnostic.error} />
      {diagnostic !== null && (
        <Dialog title={t('usage.diagnosticTitle')} onClose={() => setDiagnostic(null)} footer={<button onClick={() => setDiagnostic(null)}>{t('common.close')}</button>}>
          <p className="muted">{t('usage.diagnosticHint')}</p>
          <CopyField label={t('usage.diagnostic')} value={diagnostic} multiline />
        </Dialog>
      )}
    </>
  );
}
