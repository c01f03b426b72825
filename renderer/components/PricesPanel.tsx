import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ChannelInput, ChannelOutput } from '../../shared/contract';
import type { MessageKey } from '../i18n/en';
import { invoke } from '../bridge';
import { useAction } from '../hooks/useAction';
import { useChannel } from '../hooks/useChannel';
import { useI18n, type Translate } from '../i18n/I18nProvider';
import { formatMoney } from '../i18n/format';
import { parseUsd } from '../lib/forms';
import { Badge } from './Badge';
import { BusyButton } from './BusyButton';
import { Card } from './Card';
import { ConfirmButton } from './ConfirmButton';
import { ErrorNote } from './ErrorNote';
import { Field } from './Field';
import { LoadState } from './LoadState';
import { NameOptions } from './NameOptions';
import { OneLine } from './OneLine';
import { TableWrap } from './TableWrap';

type Price = ChannelOutput<'prices.list'>[number];
type SyncResult = ChannelOutput<'prices.sync'>;

interface PriceDraft {
  provider: string;
  model: string;
  input: string;
  output: string;
  cacheRead: string;
  cacheWrite: string;
  cacheWrite1h: string;
}

const emptyDraft = (provider: string): PriceDraft => ({ provider, model: '', input: '', output: '', cacheRead: '', cacheWrite: '', cacheWrite1h: '' });

/**
 * The price table (USD per million tokens) that each call's cost comes from: synced from a new-api
 * gateway's public price list, or set by hand (syncing never overwrites a price set by hand).
 */
/** The price table's column names: its headers, and each cell's name in a price's card. */
const priceColumns = (t: Translate) => ({
  provider: t('common.provider'),
  model: t('common.model'),
  input: t('prices.input'),
  output: t('prices.output'),
  cacheRead: t('prices.cacheRead'),
  cacheWrite: t('prices.cacheWrite'),
  cacheWrite1h: t('prices.cacheWrite1h'),
  source: t('prices.source'),
});

export function PricesPanel({ providers, onProvidersChanged }: { providers: string[]; onProvidersChanged(): void }) {
  const { t } = useI18n();
  const columns = priceColumns(t);
  const [filter, setFilter] = useState('');
  const prices = useChannel('prices.list', { provider: filter || undefined });
  const [draft, setDraft] = useState<PriceDraft>(() => emptyDraft(providers[0] ?? ''));
  const names = providers.join('\n');
  const { reload } = prices;

  // A provider added, renamed or removed elsewhere on the page: its prices came or went with it.
  const seenNames = useRef(names);
  useEffect(() => {
    if (seenNames.current === names) return;
    seenNames.current = names;
    const list = names ? names.split('\n') : [];
    setFilter((f) => (list.includes(f) ? f : ''));
    setDraft((d) => (list.includes(d.provider) ? d : { ...d, provider: list[0] ?? '' }));
    void reload();
  }, [names, reload]);

  return (
    <Card title={t('prices.title')} testId="prices">
      <p className="muted small-text">{t('prices.intro')}</p>
      {providers.length === 0 ? (
        <p className="muted">{t('prices.needProvider')}</p>
      ) : (
        <>
          <div className="toolbar">
            <Field label={t('prices.show')}>
              <select value={filter} onChange={(e) => setFilter(e.target.value)}>
                <option value="">{t('common.all')}</option>
                <NameOptions names={providers} />
              </select>
            </Field>
          </div>
          <LoadState state={prices}>
            {(list) =>
              list.length === 0 ? (
                <p className="muted">{t('prices.none')}</p>
              ) : (
                // Nine columns need about 850 px: a 1280-pixel window; narrower, a card per price.
                <TableWrap cardsBelow={850}>
                  <table className="prices" data-testid="prices-table">
                    <thead>
                      <tr>
                        <th>{columns.provider}</th>
                        <th>{columns.model}</th>
                        <th className="num">{columns.input}</th>
                        <th className="num">{columns.output}</th>
                        <th className="num">{columns.cacheRead}</th>
                        <th className="num">{columns.cacheWrite}</th>
                        <th className="num">{columns.cacheWrite1h}</th>
                        <th>{columns.source}</th>
                        <th />
                      </tr>
                    </thead>
                    <tbody>
                      {list.map((price) => (
                        <PriceRow
                          key={`${price.provider}\n${price.model}`}
                          price={price}
                          onEdit={() =>
                            setDraft({
                              provider: price.provider,
                              model: price.model,
                              input: String(price.input),
                              output: String(price.output),
                              cacheRead: price.cacheRead === null ? '' : String(price.cacheRead),
                              cacheWrite: price.cacheWrite === null ? '' : String(price.cacheWrite),
                              cacheWrite1h: price.cacheWrite1h === null ? '' : String(price.cacheWrite1h),
                            })
                          }
                          onRemoved={() => void reload()}
                        />
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
              )
            }
          </LoadState>
          <div className="grid">
            <SyncForm
              providers={providers}
              onSynced={(result) => {
                void reload();
                if (result.groupRatio !== null) onProvidersChanged();
              }}
            />
            <PriceForm providers={providers} draft={draft} onChange={setDraft} onSaved={() => void reload()} />
          </div>
        </>
      )}
    </Card>
  );
}

function PriceRow({ price, onEdit, onRemoved }: { price: Price; onEdit(): void; onRemoved(): void }) {
  const { t, locale } = useI18n();
  const remove = useAction(async () => {
    await invoke('prices.remove', { provider: price.provider, model: price.model });
    onRemoved();
  });
  const columns = priceColumns(t);
  const usd = (value: number | null) => (value === null ? t('prices.unset') : formatMoney(locale, value));
  const source = price.source === 'manual' ? t('prices.sourceManual') : price.source === 'gateway' ? t('prices.sourceGateway') : price.source;
  return (
    <tr data-testid={`price-${price.provider}-${price.model}`}>
      <td data-label={columns.provider}>{price.provider}</td>
      <td data-label={columns.model}>
        <OneLine text={price.model} />
      </td>
      <td className="num" data-label={columns.input}>
        {usd(price.input)}
      </td>
      <td className="num" data-label={columns.output}>
        {usd(price.output)}
      </td>
      <td className="num" data-label={columns.cacheRead}>
        {usd(price.cacheRead)}
      </td>
      <td className="num" data-label={columns.cacheWrite}>
        {usd(price.cacheWrite)}
      </td>
      <td className="num" data-label={columns.cacheWrite1h}>
        {usd(price.cacheWrite1hCharged)}
        {price.cacheWrite1h === null && price.cacheWrite1hCharged !== null && <div className="muted small-text">{t('prices.cacheWrite1hDefault')}</div>}
      </td>
      <td className="source" data-label={columns.source}>
        <Badge tone={price.source === 'manual' ? 'ok' : 'muted'}>{source}</Badge>
      </td>
      <td className="buttons">
        <button type="button" className="small" onClick={onEdit} aria-label={t('prices.editNamed', { model: price.model, provider: price.provider })}>
          {t('common.edit')}
        </button>
        <ConfirmButton label={t('common.remove')} confirmLabel={t('prices.confirmRemove')} busy={remove.busy} onConfirm={() => void remove.run()} />
        <ErrorNote error={remove.error} />
      </td>
    </tr>
  );
}

/** Reads a new-api gateway's /api/pricing into the table; with a group, also the provider's group ratio. */
function SyncForm({ providers, onSynced }: { providers: string[]; onSynced(result: SyncResult): void }) {
  const { t } = useI18n();
  const [provider, setProvider] = useState(providers[0] ?? '');
  const [group, setGroup] = useState('');
  const [result, setResult] = useState<SyncResult | null>(null);
  const target = providers.includes(provider) ? provider : (providers[0] ?? '');
  const sync = useAction(() => invoke('prices.sync', { provider: target, group: group.trim() || undefined }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setResult(null);
    const done = await sync.run();
    if (!done) return;
    setResult(done);
    onSynced(done);
  };
  return (
    <form className="form inset" onSubmit={submit} aria-label={t('prices.syncTitle')}>
      <strong>{t('prices.syncTitle')}</strong>
      <p className="field-hint">{t('prices.syncHint')}</p>
      <div className="row">
        <Field label={t('common.provider')}>
          <select value={target} onChange={(e) => setProvider(e.target.value)}>
            <NameOptions names={providers} />
          </select>
        </Field>
        <Field label={t('prices.group')}>
          <input value={group} onChange={(e) => setGroup(e.target.value)} placeholder="default" />
        </Field>
      </div>
      <BusyButton type="submit" busy={sync.busy} disabled={!target}>
        {t('prices.sync')}
      </BusyButton>
      {result && (
        <div className="success" role="status">
          <div>{t('prices.synced', { count: result.imported, provider: result.provider })}</div>
          {result.groupRatio !== null && <div>{t('prices.groupRatioSet', { provider: result.provider, ratio: result.groupRatio })}</div>}
          {result.perCall.length > 0 && <div className="muted">{t('prices.perCall', { models: result.perCall.join(', ') })}</div>}
        </div>
      )}
      <ErrorNote error={sync.error} />
    </form>
  );
}

const FIELDS = [
  ['input', 'prices.input'],
  ['output', 'prices.output'],
  ['cacheRead', 'prices.cacheRead'],
  ['cacheWrite', 'prices.cacheWrite'],
  ['cacheWrite1h', 'prices.cacheWrite1h'],
] as const satisfies readonly (readonly [keyof PriceDraft, MessageKey])[];
/**
 * The form's price fields in groups that wrap as a whole: input and output, then the three cache
 * prices (a third pair would have left the 1-hour write alone on its line).
 */
const PRICE_GROUPS = [FIELDS.slice(0, 2), FIELDS.slice(2)];

/** What a blank optional price field means, said in it. */
const blankMeaning = (field: (typeof FIELDS)[number][0]): MessageKey | undefined =>
  field === 'cacheWrite1h' ? 'prices.cacheWrite1hDefault' : field === 'cacheRead' || field === 'cacheWrite' ? 'prices.unset' : undefined;

/**
 * Sets one model's price by hand; a blank cache price keeps the earlier ratio to input or stays
 * unset, a blank 1-hour write price is its default (twice the input price).
 */
function PriceForm({ providers, draft, onChange, onSaved }: { providers: string[]; draft: PriceDraft; onChange(d: PriceDraft): void; onSaved(): void }) {
  const { t } = useI18n();
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useAction(async (input: ChannelInput<'prices.set'>) => {
    const price = await invoke('prices.set', input);
    onSaved();
    return price;
  });
  const edit = (patch: Partial<PriceDraft>) => {
    onChange({ ...draft, ...patch });
    setSaved(null);
    setProblem(null);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const model = draft.model.trim();
    if (!model) return setProblem(t('prices.needModel'));
    const values: Partial<Record<(typeof FIELDS)[number][0], number>> = {};
    for (const [field, label] of FIELDS) {
      const value = parseUsd(draft[field]);
      const required = field === 'input' || field === 'output';
      if (value === null || (value === undefined && required)) return setProblem(t('prices.badNumber', { field: t(label) }));
      if (value !== undefined) values[field] = value;
    }
    setProblem(null);
    const price = await save.run({ provider: draft.provider, model, input: values.input ?? 0, output: values.output ?? 0, cacheRead: values.cacheRead, cacheWrite: values.cacheWrite, cacheWrite1h: values.cacheWrite1h ?? null });
    if (!price) return;
    setSaved(t('prices.savedNamed', { model: price.model, provider: price.provider }));
    onChange(emptyDraft(draft.provider));
  };
  return (
    <form className="form inset" onSubmit={submit} aria-label={t('prices.setTitle')} noValidate>
      <strong>{t('prices.setTitle')}</strong>
      <div className="row">
        <Field label={t('common.provider')}>
          <select value={providers.includes(draft.provider) ? draft.provider : ''} onChange={(e) => edit({ provider: e.target.value })}>
            <NameOptions names={providers} />
          </select>
        </Field>
        <Field label={t('common.model')}>
          <input value={draft.model} onChange={(e) => edit({ model: e.target.value })} placeholder="gpt-5.4" />
        </Field>
      </div>
      <div className="row">
        {PRICE_GROUPS.map((group) => (
          <div key={group[0][0]} className={group.length === 3 ? 'row pair trio' : 'row pair'}>
            {group.map(([field, label]) => {
              const blank = blankMeaning(field);
              return (
                <Field key={field} label={t(label)}>
                  <input inputMode="decimal" value={draft[field]} onChange={(e) => edit({ [field]: e.target.value })} placeholder={blank && t(blank)} />
                </Field>
              );
            })}
          </div>
        ))}
      </div>
      <p className="field-hint">{t('prices.perMillion')}</p>
      {problem && (
        <p className="error-note" role="alert">
          {problem}
        </p>
      )}
      <ErrorNote error={save.error} />
      {saved && (
        <p className="success" role="status">
          {saved}
        </p>
      )}
      <BusyButton type="submit" className="primary" busy={save.busy} disabled={!draft.provider}>
        {t('prices.save')}
      </BusyButton>
    </form>
  );
}
