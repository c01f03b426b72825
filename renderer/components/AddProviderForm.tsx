import { useState, type FormEvent } from 'react';
import type { Preset, Protocol } from '../../shared/schemas';
import { invoke } from '../bridge';
import { useAction } from '../hooks/useAction';
import { useI18n } from '../i18n/I18nProvider';
import { splitList } from '../lib/lists';
import { presetLabel, presetNote } from '../lib/presetText';
import { BusyButton } from './BusyButton';
import { ErrorNote } from './ErrorNote';
import { Field } from './Field';
import { ProtocolPicker } from './ProtocolPicker';

const BY_HAND = '';

/** Adds a gateway from a preset (address and protocols filled in) or by hand. */
export function AddProviderForm({ presets, onAdded }: { presets: Preset[]; onAdded(name: string): void }) {
  const { t } = useI18n();
  const [presetId, setPresetId] = useState(BY_HAND);
  const [name, setName] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [key, setKey] = useState('');
  const [protocols, setProtocols] = useState<Protocol[]>(['chat']);
  const [models, setModels] = useState('');
  const preset = presets.find((p) => p.id === presetId);

  const choosePreset = (id: string) => {
    setPresetId(id);
    const chosen = presets.find((p) => p.id === id);
    if (!chosen) return;
    setBaseUrl(chosen.baseUrl ?? '');
    setProtocols(chosen.protocols);
    setModels(chosen.models.join(', '));
    if (!name) setName(chosen.id);
  };

  const add = useAction(() =>
    invoke('providers.add', {
      name,
      key,
      preset: preset?.id,
      baseUrl: baseUrl || undefined,
      protocols,
      models: splitList(models),
    }),
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const added = await add.run();
    if (!added) return;
    setName('');
    setKey('');
    onAdded(added.name);
  };

  return (
    <form className="form" onSubmit={submit} aria-label={t('providers.add')}>
      <div className="row">
        <Field label={t('providers.preset')}>
          <select value={presetId} onChange={(e) => choosePreset(e.target.value)}>
            <option value={BY_HAND}>{t('providers.byHand')}</option>
            {presets.map((p) => (
              <option key={p.id} value={p.id}>
                {presetLabel(t, p)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('common.name')}>
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </Field>
      </div>
      {preset && <p className="hint">{presetNote(t, preset)}</p>}
      <Field label={t('providers.baseUrl')} hint={t('providers.baseUrlHint')}>
        <input value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder="https://gateway.example.com/v1" required={!preset?.baseUrl} />
      </Field>
      <Field label={t('providers.key')}>
        <input type="password" value={key} onChange={(e) => setKey(e.target.value)} autoComplete="off" required />
      </Field>
      <ProtocolPicker value={protocols} onChange={setProtocols} />
      <Field label={t('providers.models')} hint={t('providers.modelsHint')}>
        <input value={models} onChange={(e) => setModels(e.target.value)} />
      </Field>
      <ErrorNote error={add.error} />
      <BusyButton type="submit" className="primary" busy={add.busy}>
        {t('providers.addButton')}
      </BusyButton>
    </form>
  );
}
