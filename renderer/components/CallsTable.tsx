import { useState } from 'react';
import { callOutcomeOf } from '../../shared/callOutcome';
import type { UsageCall } from '../../shared/usageContract';
import { invoke } from '../bridge';
import { useAction } from '../hooks/useAction';
import { useI18n, type Translate } from '../i18n/I18nProvider';
import { formatDateTime, formatMs, formatNumber } from '../i18n/format';
import { clientName } from '../lib/clientName';
import { callCostText } from '../lib/costText';
import { errorClassText } from '../lib/errorClassText';
import { Badge, type BadgeTone } from './Badge';
import { BusyButton } from './BusyButton';
import { CopyField } from './CopyField';
import { Dialog } from './Dialog';
import { ErrorNote } from './ErrorNote';

/**
 * How the call ended, beyond its HTTP status: a stream that failed after its 200 (with the
 * reason), or a call its client abandoned (neither success nor failure).
 */
function CallStatus({ call, t }: { call: UsageCall; t: Translate }) {
  const midStream = call.status < 400 ? `${call.status} → ` : '';
  /** The outcome after its status; the line may break after the arrow, never inside the outcome. */
  const outcome = (tone: BadgeTone, label: string) => (
    <Badge tone={tone} className="outcome">
      {midStream}
      <span>{label}</span>
    </Badge>
  );
  switch (callOutcomeOf(call)) {
    case 'ok':
      return <Badge tone="ok">{call.status}</Badge>;
    case 'failed':
      return (
        <>
          <Badge tone="bad">{call.status}</Badge> {call.errorClass && <span title={call.errorClass}>{errorClassText(t, call.errorClass)}</span>}
        </>
      );
    case 'failed_mid_stream':
      return (
        <>
          {outcome('bad', t('usage.failedMidStream'))}{' '}
          <span className="call-error">{call.errorMessage ?? (call.errorClass && errorClassText(t, call.errorClass))}</span>
        </>
      );
    case 'cancelled':
      return outcome('muted', t('usage.cancelled'));
  }
}

/** Every call of the ledger; a failed or cancelled one offers a copy-ready diagnostic for the gateway's support. */
export function CallsTable({ rows }: { rows: UsageCall[] }) {
  const { t, locale } = useI18n();
  const [diagnostic, setDiagnostic] = useState<string | null>(null);
  // Only the row asked about says it is working, not every failed row's button.
  const [asked, setAsked] = useState<number | null>(null);
  const fetchDiagnostic = useAction(async (id: number) => {
    setAsked(id);
    setDiagnostic((await invoke('usage.diagnostic', { id })).text);
  });
  /** A token count, marked ~ and explained on hover when it is the proxy's estimate. */
  const tokens = (value: number, estimated: boolean, why: string) => (
    <td className="num" title={estimated ? why : undefined}>
      {`${estimated ? '~' : ''}${formatNumber(locale, value)}`}
    </td>
  );
  /** Cache reads and writes in one column, so the cost stays in view on a laptop screen. */
  const cacheText = (call: UsageCall) =>
    call.cacheReadTokens || call.cacheWriteTokens ? `${formatNumber(locale, call.cacheReadTokens)} / ${formatNumber(locale, call.cacheWriteTokens)}` : '–';
  return (
    <>
      <div className="table-wrap">
        <table className="calls" data-testid="calls-table">
          <thead>
            <tr>
              <th>{t('usage.time')}</th>
              <th>{t('usage.client')}</th>
              <th>{t('usage.endpoint')}</th>
              <th>{t('common.provider')}</th>
              <th>{t('common.model')}</th>
              <th>{t('usage.status')}</th>
              <th className="num">{t('usage.input')}</th>
              <th className="num">{t('usage.output')}</th>
              {/* On two lines: one line made the table too wide for a laptop screen. */}
              <th className="num">
                {t('usage.cache')}
                <br />
                {t('usage.cacheParts')}
              </th>
              <th className="num">{t('usage.cost')}</th>
              <th className="num">{t('usage.ttfb')}</th>
              <th className="num">{t('usage.total')}</th>
              <th className="num">{t('usage.attempts')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((call) => {
              const outcome = callOutcomeOf(call);
              const failed = outcome === 'failed' || outcome === 'failed_mid_stream';
              return (
                <tr key={call.id} className={failed ? 'failed' : outcome === 'cancelled' ? 'cancelled' : undefined}>
                  <td>{formatDateTime(locale, call.ts)}</td>
                  <td data-testid="call-client">{clientName(t, call.client)}</td>
                  <td data-testid="call-endpoint">{call.endpoint ?? t('usage.endpointUnknown')}</td>
                  <td>{call.provider ?? '–'}</td>
                  <td>
                    {call.servedModel ?? call.requestedModel ?? '–'}
                    {call.requestedModel && call.servedModel && call.requestedModel !== call.servedModel && <span className="muted"> ← {call.requestedModel}</span>}
                  </td>
                  <td>
                    <span data-testid="call-status">
                      <CallStatus call={call} t={t} />
                    </span>
                    {/* In the status cell, not a column of its own: the table then fits a laptop screen. */}
                    {outcome !== 'ok' && (
                      <div className="call-diagnostic">
                        <BusyButton type="button" className="small" busy={fetchDiagnostic.busy && asked === call.id} onClick={() => void fetchDiagnostic.run(call.id)}>
                          {t('usage.diagnostic')}
                        </BusyButton>
                      </div>
                    )}
                  </td>
                  {tokens(call.inputTokens, call.estimatedCounts === 'all', t('usage.estimatedAll'))}
                  {tokens(call.outputTokens, call.estimatedCounts !== null, t(call.estimatedCounts === 'all' ? 'usage.estimatedAll' : 'usage.estimatedOutput'))}
                  <td className="num">{cacheText(call)}</td>
                  <td className="num">{callCostText(t, locale, call.costUsd)}</td>
                  <td className="num">{formatMs(locale, call.ttfbMs)}</td>
                  <td className="num">{formatMs(locale, call.totalMs)}</td>
                  <td className="num">{call.attempts}</td>
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
