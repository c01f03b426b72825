import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/i18n/en';
import { MESSAGES, pickLocale, translate } from '../../../renderer/i18n/locale';
import { zhCN } from '../../../renderer/i18n/zh-CN';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('en and zh-CN have the same keys', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('every translation fills the same placeholders and none is empty', () => {
    for (const [key, text] of Object.entries(en) as [keyof typeof en, string][]) {
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(text));
      expect(zhCN[key].trim(), key).not.toBe('');
    }
  });

  it('every key the UI names exists', () => {
    const root = path.resolve(import.meta.dirname, '..', '..', '..');
    const files = [path.join(root, 'electron', 'trayMenu.ts'), ...listTsx(path.join(root, 'renderer'))];
    const used = new Set(files.flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([\w.-]+)'/g)].map((m) => m[1])));
    expect([...used].filter((key) => !(key in en))).toEqual([]);
  });

  it('names every Group-by option of the Usage page in both languages, Chinese in Chinese', () => {
    for (const grouping of ['model', 'provider', 'client'] as const) {
      const key = `grouping.option.${grouping}` as const;
      expect(en[key]).toMatch(/^[A-Z]/);
      expect(zhCN[key]).toMatch(/^[\u4e00-\u9fff]+$/);
    }
  });

  it('says one call and 4 calls in English, never "call(s)"', () => {
    expect(translate('en', 'cost.plusUnpriced', { cost: '$1.00', count: '1' })).toBe('$1.00 + 1 call without a price');
    expect(translate('en', 'cost.plusUnpriced', { cost: '$1.00', count: '4' })).toBe('$1.00 + 4 calls without a price');
    expect(translate('en', 'providers.keyCount', { count: 1 })).toBe('1 key');
    // The Usage page's note under the totals: one unpriced call is "it", several are "them".
    expect(translate('en', 'usage.unpricedHint', { count: '1' })).toMatch(/^1 call had no price, so the spend leaves it out:/);
    expect(translate('en', 'usage.unpricedHint', { count: '3' })).toMatch(/^3 calls had no price, so the spend leaves them out:/);
    expect(translate('zh-CN', 'providers.keyCount', { count: 2 })).not.toMatch(/\{|\|/);
    expect(Object.entries(en).filter(([, text]) => /\w\(s\)/.test(text))).toEqual([]);
  });

  it('groups a count given as a number, as the command line does (1,200), and leaves ports and ids as they are', () => {
    expect(translate('en', 'prices.synced', { count: 1200, provider: 'gw' })).toBe('Imported 1,200 prices from gw.');
    expect(translate('en', 'providers.keyCount', { count: 1 })).toBe('1 key');
    expect(translate('zh-CN', 'providers.saveModels', { count: 2500 })).toBe('保存 2,500 个新模型');
    expect(translate('en', 'tray.tooltip', { port: 17170 })).toBe('Switchboard: proxy on port 17170');
    expect(translate('en', 'tools.backupId', { id: 1234 })).toBe('Backup #1234');
  });

  it('picks zh-CN for any Chinese system language and English otherwise', () => {
    expect(pickLocale(['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLocale(['de-DE', 'en-GB'])).toBe('en');
    expect(pickLocale(['fr'])).toBe('en');
    expect(Object.keys(MESSAGES)).toEqual(['en', 'zh-CN']);
    expect(translate('zh-CN', 'common.page', { page: 3 })).toBe('第 3 页');
  });
});

function listTsx(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return listTsx(full);
    return /\.tsx?$/.test(e.name) ? [full] : [];
  });
}
