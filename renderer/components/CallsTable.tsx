import { Fragment, useState } from 'react';
import { callOutcomeOf } from '../../shared/callOutcome';
import type { UsageCall } from '../../shared/usageContract';
import { invoke } from '../bridge';
import { useAction } from '../hooks/useAction';
import { useI18n, type Translate } from '../i18n/I18nProvider';
import { formatDateTime, formatMs, formatNumber } from '../i18n/format';
import type { Locale } from '../i18n/locale';
import { callFailureText } from '../lib/callFailureText';
import { clientName } from '../lib/clientName';
import { callCostText } from '../lib/costText';
import { errorClassText } from '../lib/errorClassText';
import { Badge, type BadgeTone } from './Badge';
import { BusyButton } from './BusyButton';
import { CopyField } from './CopyField';
import { Dialog } from './Dialog';
import { ErrorNote } from './ErrorNote';
import { OneLine } from './OneLine';
import { TableWrap } from './TableWrap';

/**
 * What went wrong, in the chosen language where the proxy worded it; a sentence it did not word (or
 * one recorded before sentences had codes) as the ledger keeps it, else the failure's class.
 */
function errorText(t: Translate, locale: Locale, call: UsageCall): string | null {
  if (call.failure) return callFailureText(t, locale, call.failure);
  return call.errorMessage ?? (call.errorClass && errorClassText(t, call.errorClass));
}

/**
 * How the call ended, beyond its HTTP status: a stream that failed after its 200 (with the
 * reason), or a call its client abandoned (neither success nor failure). A call that failed before
 * its answer began shows its class, and a cancelled one its badge; the whole sentence is on hover, as the row has no room for it.
 */
function CallStatus({ call, t, locale }: { call: UsageCall; t: Translate; locale: Locale }) {
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
          <Badge tone="bad">{call.status}</Badge> {call.errorClass && <span title={errorText(t, locale, call) ?? undefined}>{errorClassText(t, call.errorClass)}</span>}
        </>
      );
    case 'failed_mid_stream':
      return (
        <>
          {outcome('bad', t('usage.failedMidStream'))}{' '}
          <span className="call-error">{errorText(t, locale, call)}</span>
        </>
      );
    case 'cancelled':
      // Its sentence on hover only where the proxy worded it: an earlier call's is English, and the badge says it all.
      return <span title={call.failure ? callFailureText(t, locale, call.failure) : undefined}>{outcome('muted', t('usage.cancelled'), true)}</span>;
  }
}

/**
 * The providers a call failed over from, under its tries, as `usage --calls` names them: "failed: flaky".
 * The line breaks between names, never inside one (each is a one-line name, as OneLine shows them); a
 * name longer than the column is cut, and shows whole on hover.
 */
function FailedProviders({ t, names }: { t: Translate; names: string[] }) {
  // Each name is an element of its own, so the sentence is cut where the names go.
  const [before, after] = t('usage.failedOver', { providers: '\n' }).split('\n');
  return (
    <div className="failed-providers">
      {before}
      {names.map((name, i) => (
        <Fragment key={i}>
          {i > 0 && ', '}
          <span className="one-line failed-provider" title={name}>
            <span>{name}</span>
          </span>
        </Fragment>
      ))}
      {after}
    </div>
  );
}

/**
 * A column's heading, on two lines on purpose in the table (naming what a cell shows on each of its
 * lines, or both parts of one figure); on one line above its figure in a call's card.
 */
interface Heading {
  lines: string[];
  label: string;
}

function ColumnHead({ heading, className }: { heading: Heading; className?: string }) {
  return (
    <th className={className}>
      {heading.lines.map((line, i) => (
        <Fragment key={line}>
          {i > 0 && <br />}
          {line}
        </Fragment>
      ))}
    </th>
  );
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
  /** A heading whose parts are two figures of a cell, one above the other ("Input" over "Output"). */
  const pair = (first: string, second: string): Heading => ({ lines: [first, second], label: `${first} / ${second}` });
  const single = (text: string): Heading => ({ lines: [text], label: text });
  const heads = {
    time: single(t('usage.time')),
    client: pair(t('usage.client'), t('usage.endpoint')),
    route: pair(t('common.provider'), t('common.model')),
    status: single(t('usage.status')),
    tokens: pair(t('usage.input'), t('usage.output')),
    // One figure whose parts the second line names: "Cache" over "read / write".
    cache: { lines: [t('usage.cache'), t('usage.cacheParts')], label: `${t('usage.cache')} ${t('usage.cacheParts')}` },
    cost: single(t('usage.cost')),
    timing: pair(t('usage.ttfb'), t('usage.total')),
    attempts: single(t('usage.attempts')),
  };
  return (
    <>
      {/* Below about 730 px (an 820-pixel window, or the top bar's layout under 760 px) the nine columns do not fit. */}
      <TableWrap cardsBelow={730}>
        <table className="calls" data-testid="calls-table">
          <thead>
            {/* Pairs one above the other: a row is two lines high anyway once narrow (date over time), and side by side they
                pushed the last columns out of a 1024-pixel window. */}
            <tr>
              <ColumnHead heading={heads.time} />
              <ColumnHead heading={heads.client} />
              <ColumnHead heading={heads.route} className="call-route" />
              <ColumnHead heading={heads.status} />
              <ColumnHead heading={heads.tokens} className="num" />
              <ColumnHead heading={heads.cache} className="num" />
              <ColumnHead heading={heads.cost} className="num" />
              <ColumnHead heading={heads.timing} className="num" />
              <ColumnHead heading={heads.attempts} className="num" />
            </tr>
          </thead>
          <tbody>
            {rows.map((call) => {
              const outcome = callOutcomeOf(call);
              const failed = outcome === 'failed' || outcome === 'failed_mid_stream';
              const failedOver = call.failedProviders.length > 0;
              return (
                <tr key={call.id} className={failed ? 'failed' : outcome === 'cancelled' ? 'cancelled' : undefined}>
                  <td className="call-time">{formatDateTime(locale, call.ts)}</td>
                  <td className="call-who">
                    {/* On one line: "Claude Code" broken in two would read as the client and its endpoint. */}
                    <div className="call-client" data-testid="call-client">
                      {clientName(t, call.client)}
                    </div>
                    <div data-testid="call-endpoint">{call.endpoint ?? t('usage.endpointUnknown')}</div>
                  </td>
                  <td className="call-route">
                    <OneLine text={call.provider ?? '–'} />
                    <OneLine
                      text={call.servedModel ?? call.requestedModel ?? '–'}
                      note={call.requestedModel && call.servedModel && call.requestedModel !== call.servedModel ? `← ${call.requestedModel}` : undefined}
                    />
                  </td>
                  <td className="call-status">
                    <span data-testid="call-status">
                      <CallStatus call={call} t={t} locale={locale} />
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
                  <td className="num" data-label={heads.tokens.label}>
                    {tokens(call.inputTokens, call.estimatedCounts === 'all', t('usage.estimatedAll'))}
                    {tokens(call.outputTokens, call.estimatedCounts !== null, t(call.estimatedCounts === 'all' ? 'usage.estimatedAll' : 'usage.estimatedOutput'))}
                  </td>
                  <td className="num cache" data-label={heads.cache.label}>
                    {cacheText(call)}
                  </td>
                  <td className="num" data-label={heads.cost.label}>
                    {callCostText(t, locale, call.costUsd)}
                  </td>
                  <td className="num timing" data-label={heads.timing.label}>
                    <div>{formatMs(locale, call.ttfbMs)}</div>
                    <div>{formatMs(locale, call.totalMs)}</div>
                  </td>
                  <td className={failedOver ? 'num tries failed-over' : 'num tries'} data-label={heads.attempts.label}>
                    <div>{call.attempts}</div>
                    {failedOver && <FailedProviders t={t} names={call.failedProviders} />}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
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
