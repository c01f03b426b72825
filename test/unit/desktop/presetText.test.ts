import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../shared/presets';
import { translate, type Locale } from '../../../renderer/i18n/locale';
import { presetLabel, presetNote } from '../../../renderer/lib/presetText';

const t = (locale: Locale) => (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(locale, key, vars);

describe('presets in the window', () => {
  it('are named and explained in Chinese in zh-CN, every one of them', () => {
    for (const preset of PRESETS) {
      // Before, the zh-CN form showed the shared English note ("Any new-api based relay: give its address with --base-url.").
      expect(presetNote(t('zh-CN'), preset), preset.id).toMatch(/[\u4e00-\u9fff]/);
      expect(presetLabel(t('zh-CN'), preset).replace(/new-api|one-api|Moonshot|Kimi/g, ''), preset.id).not.toMatch(/\b(gateway|generic|international)\b/);
    }
    expect(presetLabel(t('zh-CN'), PRESETS.find((p) => p.id === 'new-api')!)).toBe('new-api 网关（通用）');
  });

  it('speak of the form\u2019s fields, not command-line flags, in either language', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const preset of PRESETS) expect(presetNote(t(locale), preset), `${preset.id} in ${locale}`).not.toMatch(/--[a-z]/);
    }
    // The English names stay those the command line lists.
    for (const preset of PRESETS) expect(presetLabel(t('en'), preset)).toBe(preset.label);
  });
});
