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
  /**
   * The outcome after its status; the line may break after the arrow, and inside the outcome only
   * between the words of one that reads well in parts ("cancelled / by the client").
   */
  const outcome = (tone: BadgeTone, label: string, breaksBetweenWords = false) => (
    <Badge tone={tone} className="outcome">
      {midStream}
      <span className={breaksBetweenWords ? 'words' : undefined}>{label}</span>
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
      return outcome('muted', t('usage.cancelled'), true);
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
    <div title={estimated ? why : undefined}>{`${estimated ? '~' : ''}${formatNumber(locale, value)}`}</div>
  );
  /**
   * Cache reads and writes in one column, so the cost stays in view on a laptop screen; the writes
   * include those kept an hour, said below them where there are any (they are priced apart).
   */
  const cacheText = (call: UsageCall) =>
    call.cacheReadTokens || call.cacheWriteTokens ? (
      <>
        <div>{`${formatNumber(locale, call.cacheReadTokens)} / ${formatNumber(locale, call.cacheWriteTokens)}`}</div>
        {call.cacheWrite1hTokens > 0 && (
          <div className="muted" title={t('usage.cacheWrites1hHint')} data-testid="call-cache-1h">
            {t('usage.cacheWrites1h', { count: formatNumber(locale, call.cacheWrite1hTokens) })}
          </div>
        )}
      </>
    ) : (
      '–'
    );
  /** A header on two lines on purpose, naming what a cell shows on each of its lines (or both parts of one figure). */
  const twoLines = (first: string, second: string) => (
    <>
      {first}
      <br />
      {second}
    </>
  );
  return (
    <>
      <div className="table-wrap">
        <table className="calls" data-testid="calls-table">
          <thead>
            <tr>
              <th>{t('usage.time')}</th>
              {/* Pairs one above the other: a row is two lines high anyway once narrow (date over time), and side by side they
                  pushed the last columns out of a 1024-pixel window. */}
              <th>{twoLines(t('usage.client'), t('usage.endpoint'))}</th>
              <th>{twoLines(t('common.provider'), t('common.model'))}</th>
              <th>{t('usage.status')}</th>
              <th className="num">{twoLines(t('usage.input'), t('usage.output'))}</th>
              {/* On two lines: one line made the table too wide for a laptop screen. */}
              <th className="num">{twoLines(t('usage.cache'), t('usage.cacheParts'))}</th>
              <th className="num">{t('usage.cost')}</th>
              <th className="num">{twoLines(t('usage.ttfb'), t('usage.total'))}</th>
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
                  <td>
                    {/* On one line: "Claude Code" broken in two would read as the client and its endpoint. */}
                    <div className="call-client" data-testid="call-client">
                      {clientName(t, call.client)}
                    </div>
                    <div data-testid="call-endpoint">{call.endpoint ?? t('usage.endpointUnknown')}</div>
                  </td>
                  <td>
                    <div>{call.provider ?? '–'}</div>
                    <div>
                      {call.servedModel ?? call.requestedModel ?? '–'}
                      {call.requestedModel && call.servedModel && call.requestedModel !== call.servedModel && <span className="muted"> ← {call.requestedModel}</span>}
                    </div>
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
                  <td className="num">
                    {tokens(call.inputTokens, call.estimatedCounts === 'all', t('usage.estimatedAll'))}
                    {tokens(call.outputTokens, call.estimatedCounts !== null, t(call.estimatedCounts === 'all' ? 'usage.estimatedAll' : 'usage.estimatedOutput'))}
                  </td>
                  <td className="num">{cacheText(call)}</td>
                  <td className="num">{callCostText(t, locale, call.costUsd)}</td>
                  <td className="num">
                    <div>{formatMs(locale, call.ttfbMs)}</div>
                    <div>{formatMs(locale, call.totalMs)}</div>
                  </td>
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
