import { PROTOCOLS, type Protocol } from '../../shared/schemas';
import { useI18n } from '../i18n/I18nProvider';
import { CheckboxSet } from './CheckboxSet';

/** Which wire protocols a gateway speaks, as checkboxes. */
export function ProtocolPicker({ value, onChange }: { value: Protocol[]; onChange(next: Protocol[]): void }) {
  const { t } = useI18n();
  return <CheckboxSet legend={t('providers.protocols')} options={PROTOCOLS} value={value} label={(p) => t(`protocol.${p}`)} onChange={onChange} />;
}
