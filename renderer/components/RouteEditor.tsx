import { useState } from 'react';
import type { BreakerState, RouteView } from '../../shared/schemas';
import { invoke } from '../bridge';
import { useAction } from '../hooks/useAction';
import { useI18n } from '../i18n/I18nProvider';
import { parseStatusList, splitLines } from '../lib/forms';
import { breakerText } from '../lib/breakerText';
import { formatModelMap, moveItem, parseModelMap } from '../lib/lists';
import { Badge, type BadgeTone } from './Badge';
import { BusyButton } from './BusyButton';
import { Card } from './Card';
import { ErrorNote } from './ErrorNote';
import { Field } from './Field';
import { NameOptions } from './NameOptions';
import { OneLine } from './OneLine';

interface HopDraft {
  provider: string;
  model: string;
  mapping: string;
}

const BREAKER_TONE: Record<BreakerState['state'], BadgeTone> = { closed: 'ok', half_open: 'warn', open: 'bad' };

/**
 * One client's failover chain: reorder by dragging or with the arrows, a model or mapping per hop. A
 * hop whose provider is skipped or probing says why and when it is tried again (in `waitOf` its breaker ms).
 */
export function RouteEditor({
  route,
  providers,
  breakers,
  waitOf,
  onSaved,
}: {
  route: RouteView;
  providers: string[];
  breakers: BreakerState[];
  waitOf(breaker: BreakerState): number | null;
  onSaved(): void;
}) {
  const { t } = useI18n();
  const [hops, setHops] = useState<HopDraft[]>(() => route.hops.map((h) => ({ provider: h.provider, model: h.model ?? '', mapping: formatModelMap(h.models) })));
  const [strict, setStrict] = useState(route.strictModel);
  const [retryStatuses, setRetryStatuses] = useState(route.retryStatuses.join(', '));
  const [retryPatterns, setRetryPatterns] = useState(route.retryPatterns.join('\n'));
  const [problem, setProblem] = useState<string | null>(null);
  const [dragged, setDragged] = useState<number | null>(null);
  const [saved, setSaved] = useState(false);
  const unused = providers.filter((p) => !hops.some((h) => h.provider === p));

  const change = (next: HopDraft[]) => {
    setHops(next);
    setSaved(false);
  };
  const edit = (i: number, patch: Partial<HopDraft>) => change(hops.map((h, j) => (j === i ? { ...h, ...patch } : h)));
  const editRules = (apply: () => void) => {
    apply();
    setSaved(false);
    setProblem(null);
  };
  const save = useAction(async (statuses: number[]) => {
    await invoke('routes.set', {
      client: route.client,
      strictModel: strict,
      retryStatuses: statuses,
      retryPatterns: splitLines(retryPatterns),
      hops: hops.map((h) => ({ provider: h.provider, model: h.model.trim() || undefined, models: parseModelMap(h.mapping) })),
    });
    setSaved(true);
    onSaved();
  });
  const submit = () => {
    const { statuses, invalid } = parseStatusList(retryStatuses);
    if (invalid.length > 0) {
      setSaved(false);
      setProblem(t('routes.badStatuses', { codes: invalid.join(', ') }));
      return;
    }
    setProblem(null);
    void save.run(statuses);
  };
  const breakerOf = (provider: string) => breakers.find((b) => b.provider === provider);

  return (
    <Card title={t(`client.${route.client}`)} testId={`route-${route.client}`}>
      {hops.length === 0 && <p className="muted">{t('routes.empty')}</p>}
      <div className="chain">
        <ol className="hops">
          {hops.map((hop, i) => {
            const breaker = breakerOf(hop.provider);
            const state = breaker?.state ?? 'closed';
            const why = breaker ? breakerText(t, breaker, waitOf(breaker)) : null;
            return (
              <li
                key={hop.provider}
                className={`hop${dragged === i ? ' dragging' : ''}`}
                draggable
                onDragStart={(e) => {
                  setDragged(i);
                  e.dataTransfer.effectAllowed = 'move';
                  e.dataTransfer.setData('text/plain', String(i));
                }}
                onDragOver={(e) => e.preventDefault()}
                onDrop={(e) => {
                  e.preventDefault();
                  const from = Number(e.dataTransfer.getData('text/plain'));
                  if (Number.isInteger(from)) change(moveItem(hops, from, i));
                  setDragged(null);
                }}
                onDragEnd={() => setDragged(null)}
                data-testid={`hop-${route.client}-${hop.provider}`}
              >
                <span className="grip" aria-hidden="true">
                  ⋮⋮
                </span>
                <span className="hop-rank">{i + 1}</span>
                <div className="hop-name">
                  <OneLine text={hop.provider} />
                </div>
                <Badge tone={BREAKER_TONE[state]}>{t(`breaker.${state}`)}</Badge>
                <div className="hop-fields">
                  <input
                    className="hop-model"
                    value={hop.model}
                    onChange={(e) => edit(i, { model: e.target.value })}
                    placeholder={t('routes.callerModel')}
                    title={t('routes.callerModelHint')}
                    aria-label={t('routes.modelFor', { provider: hop.provider })}
                  />
                  <textarea
                    className="hop-map"
                    rows={1}
                    value={hop.mapping}
                    onChange={(e) => edit(i, { mapping: e.target.value })}
                    placeholder="claude-sonnet-*=gpt-5.4"
                    aria-label={t('routes.mappingFor', { provider: hop.provider })}
                  />
                </div>
                <button type="button" className="small" disabled={i === 0} onClick={() => change(moveItem(hops, i, i - 1))} aria-label={t('routes.moveUp', { provider: hop.provider })}>
                  ↑
                </button>
                <button type="button" className="small" disabled={i === hops.length - 1} onClick={() => change(moveItem(hops, i, i + 1))} aria-label={t('routes.moveDown', { provider: hop.provider })}>
                  ↓
                </button>
                {/* A saved chain cannot be emptied (routes.set needs a provider): the last hop stays, saying why. */}
                <button
                  type="button"
                  className="small danger"
                  disabled={hops.length === 1}
                  title={hops.length === 1 ? t('routes.keepLastHop') : undefined}
                  onClick={() => change(hops.filter((_, j) => j !== i))}
                  aria-label={t('routes.removeHop', { provider: hop.provider })}
                >
                  ✕
                </button>
                {why && (
                  <div className="hop-why" data-testid={`hop-why-${route.client}-${hop.provider}`}>
                    <OneLine text={why} />
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      </div>
      {hops.length > 0 && (
        <div className="row retry-rules">
          <Field label={t('routes.retryStatuses')} hint={t('routes.retryStatusesHint')}>
            <input value={retryStatuses} onChange={(e) => editRules(() => setRetryStatuses(e.target.value))} aria-invalid={problem !== null} />
          </Field>
          <Field label={t('routes.retryPatterns')} hint={t('routes.retryPatternsHint')}>
            <textarea rows={2} value={retryPatterns} onChange={(e) => editRules(() => setRetryPatterns(e.target.value))} />
          </Field>
        </div>
      )}
      {problem && (
        <p className="error-note" role="alert">
          {problem}
        </p>
      )}
      <div className="buttons">
        {unused.length > 0 && (
          <select value="" onChange={(e) => e.target.value && change([...hops, { provider: e.target.value, model: '', mapping: '' }])} aria-label={t('routes.addHop')}>
            <option value="">{t('routes.addHop')}</option>
            <NameOptions names={unused} />
          </select>
        )}
        <label className="inline">
          <input type="checkbox" checked={strict} onChange={(e) => {
              setStrict(e.target.checked);
              setSaved(false);
            }} /> {t('routes.strict')}
        </label>
        <span className="spacer" />
        <BusyButton type="button" className="primary" busy={save.busy} disabled={hops.length === 0} onClick={submit}>
          {t('routes.save')}
        </BusyButton>
      </div>
      {saved && (
        <p className="success" role="status">
          {t('routes.saved')}
        </p>
      )}
      <ErrorNote error={save.error} />
    </Card>
  );
}
