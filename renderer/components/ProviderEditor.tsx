import { useState, type FormEvent } from 'react';
import type { Protocol, ProviderView } from '../../shared/schemas';
import { invoke } from '../bridge';
import { useAction } from '../hooks/useAction';
import { useI18n } from '../i18n/I18nProvider';
import { formatOutputLimits, parseOutputLimits, parseRatio } from '../lib/forms';
import { splitList } from '../lib/lists';
import { BusyButton } from './BusyButton';
import { ErrorNote } from './ErrorNote';
import { Field } from './Field';
import { ProtocolPicker } from './ProtocolPicker';

/** Edits one provider; a blank key field keeps the stored keys. */
export function ProviderEditor({ provider, onDone }: { provider: ProviderView; onDone(): void }) {
  const { t } = useI18n();
  const [baseUrl, setBaseUrl] = useState(provider.baseUrl);
  const [anthropicUrl, setAnthropicUrl] = useState(provider.anthropicUrl);
  const [key, setKey] = useState('');
  const [protocols, setProtocols] = useState<Protocol[]>(provider.protocols);
  const [models, setModels] = useState(provider.models.join(', '));
  const [groupRatio, setGroupRatio] = useState(String(provider.groupRatio));
  const [outputLimits, setOutputLimits] = useState(formatOutputLimits(provider.outputLimits));
  const [problem, setProblem] = useState<string | null>(null);
  const save = useAction((ratio: number, limits: Record<string, number>) =>
    invoke('providers.update', {
      name: provider.name,
      baseUrl,
      anthropicUrl,
      key: key || undefined,
      protocols,
      models: splitList(models),
      groupRatio: ratio,
      outputLimits: limits,
    }),
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // Every provider has a ratio and an absent one keeps the stored value, so a blank field cannot mean "not set".
    const ratio = parseRatio(groupRatio);
    if (ratio === null) {
      setProblem(t('providers.badGroupRatio'));
      return;
    }
    const { limits, invalid } = parseOutputLimits(outputLimits);
    if (invalid.length > 0) {
      setProblem(t('providers.badOutputLimits', { lines: invalid.join('; ') }));
      return;
    }
    setProblem(null);
    if (await save.run(ratio, limits)) onDone();
  };
  return (
    <form className="form inset" onSubmit={submit} aria-label={t('providers.editNamed', { name: provider.name })}>
      <Field label={t('providers.baseUrl')}>
        <input value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} />
      </Field>
      <Field label={t('providers.anthropicUrl')}>
        <input value={anthropicUrl} onChange={(e) => setAnthropicUrl(e.target.value)} />
      </Field>
      <Field label={t('providers.newKey')} hint={t('providers.newKeyHint')}>
        <input type="password" value={key} onChange={(e) => setKey(e.target.value)} autoComplete="off" />
      </Field>
      <ProtocolPicker value={protocols} onChange={setProtocols} />
      <div className="row">
        <Field label={t('providers.models')}>
          <input value={models} onChange={(e) => setModels(e.target.value)} />
        </Field>
        <Field label={t('providers.groupRatio')}>
          <input
            inputMode="decimal"
            value={groupRatio}
            onChange={(e) => {
              setGroupRatio(e.target.value);
              setProblem(null);
            }}
            aria-invalid={problem !== null}
          />
        </Field>
      </div>
      <Field label={t('providers.outputLimits')} hint={t('providers.outputLimitsHint')}>
        <textarea
          rows={Math.max(2, outputLimits.split('\n').length)}
          value={outputLimits}
          onChange={(e) => {
            setOutputLimits(e.target.value);
            setProblem(null);
          }}
          placeholder="gpt-5.4=32000"
          aria-invalid={problem !== null}
        />
      </Field>
      {problem && (
        <p className="error-note" role="alert">
          {problem}
        </p>
      )}
      <ErrorNote error={save.error} />
      <div className="buttons">
        <BusyButton type="submit" className="primary" busy={save.busy}>
          {t('common.save')}
        </BusyButton>
        <button type="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
