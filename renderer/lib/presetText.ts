import type { Preset } from '../../shared/schemas';
import type { MessageKey } from '../i18n/en';
import type { Translate } from '../i18n/I18nProvider';

/**
 * The window's wording of each preset. The shared list's label and note are English, and its notes
 * speak of command-line flags; a preset without wording here shows the shared ones.
 */
const WORDING: Record<string, { label?: MessageKey; note: MessageKey }> = {
  bitliquid: { note: 'preset.note.bitliquid' },
  openbili: { note: 'preset.note.openbili' },
  'ai-bridge': { note: 'preset.note.ai-bridge' },
  byecore: { note: 'preset.note.byecore' },
  'new-api': { label: 'preset.label.new-api', note: 'preset.note.new-api' },
  'one-api': { label: 'preset.label.one-api', note: 'preset.note.one-api' },
  openrouter: { note: 'preset.note.openrouter' },
  deepseek: { note: 'preset.note.deepseek' },
  moonshot: { note: 'preset.note.moonshot' },
  'moonshot-intl': { label: 'preset.label.moonshot-intl', note: 'preset.note.moonshot-intl' },
  siliconflow: { note: 'preset.note.siliconflow' },
};

export function presetLabel(t: Translate, preset: Preset): string {
  const key = WORDING[preset.id]?.label;
  return key ? t(key) : preset.label;
}

export function presetNote(t: Translate, preset: Preset): string {
  const key = WORDING[preset.id]?.note;
  return key ? t(key) : preset.note;
}
