import { PROTOCOLS, type Protocol } from '../../shared/schemas';
import { useI18n } from '../i18n/I18nProvider';

/** Which wire protocols a gateway speaks, as checkboxes. */
export function ProtocolPicker({ value, onChange }: { value: Protocol[]; onChange(next: Protocol[]): void }) {
  const { t } = useI18n();
  const toggle = (p: Protocol, on: boolean) => onChange(on ? PROTOCOLS.filter((x) => x === p || value.includes(x)) : value.filter((x) => x !== p));
  return (
    <fieldset className="checks">
      <legend>{t('providers.protocols')}</legend>
      {PROTOCOLS.map((p) => (
        <label key={p}>
          <input type="checkbox" checked={value.includes(p)} onChange={(e) => toggle(p, e.target.checked)} /> {t(`protocol.${p}`)}
        </label>
      ))}
    </fieldset>
  );
}
