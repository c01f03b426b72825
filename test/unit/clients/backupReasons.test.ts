import { describe, expect, it } from 'vitest';
import { backupReasonSentence, backupsInEnglish } from '../../../shared/backupReasonSentences';
import type { BackupReason } from '../../../shared/schemas';
import { translate, type Locale } from '../../../renderer/i18n/locale';
import { backupReasonText } from '../../../renderer/lib/backupReasonText';

const t = (locale: Locale) => (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(locale, key, vars);

/** One reason of every code and mode. */
const REASONS: BackupReason[] = [
  { code: 'use', provider: 'demo-gw', mode: 'proxy' },
  { code: 'use', provider: 'demo-gw', mode: 'direct' },
  { code: 'restore', backupId: 12 },
  { code: 'rotate_token' },
];

describe('why a backup was taken', () => {
  it('reads in English as the command line printed it when the reason was stored as a sentence', () => {
    expect(REASONS.map(backupReasonSentence)).toEqual([
      'before using demo-gw (proxy)',
      'before using demo-gw (direct)',
      'before restoring backup #12',
      'before rotating the local token',
    ]);
    expect(backupReasonSentence('before using old-gw (proxy)')).toBe('before using old-gw (proxy)');
    const files = [{ path: '/c/settings.json', existed: true, original: false }];
    expect(backupsInEnglish([{ id: 3, client: 'claude', createdAt: 5, reason: REASONS[2], files }])).toEqual([{ id: 3, client: 'claude', createdAt: 5, reason: 'before restoring backup #12', files }]);
  });

  it('reads in the dashboard\u2019s English as the command line prints it, and in Chinese in zh-CN', () => {
    for (const reason of REASONS) expect(backupReasonText(t('en'), reason), reason.code).toBe(backupReasonSentence(reason));
    for (const reason of REASONS) expect(backupReasonText(t('zh-CN'), reason).replace('demo-gw', ''), reason.code).not.toMatch(/[A-Za-z]{2,}/);
    expect(backupReasonText(t('zh-CN'), REASONS[0])).toBe('切换到 demo-gw（经代理）之前');
    // A backup taken before reasons were codes shows the English sentence it was stored with.
    expect(backupReasonText(t('zh-CN'), 'before using old-gw (proxy)')).toBe('before using old-gw (proxy)');
  });
});
