import { describe, expect, it } from 'vitest';
import type { AuditNote } from '../../../shared/accountsContract';
import { auditIncompleteSentence, auditNoteSentence } from '../../../shared/auditSentences';
import { translate, type Locale } from '../../../renderer/i18n/locale';
import { auditNoteText, auditUnreadText } from '../../../renderer/lib/auditText';

const t = (locale: Locale) => (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(locale, key, vars);

/** One note of every code, with figures large enough to need grouping. */
const NOTES: AuditNote[] = [
  { code: 'model_differs', billedModel: 'claude-opus-4-7', proxyModel: 'claude-sonnet-4-6' },
  { code: 'billed_failed_call', billedUsd: 0.0123 },
  { code: 'client_left', proxyCompletion: 40, billedCompletion: 1210 },
  { code: 'stream_broke_off', proxyCompletion: 12, billedCompletion: 2048 },
  { code: 'counts_estimated', proxyPrompt: 300, proxyCompletion: 50, billedPrompt: 1010, billedCompletion: 210 },
  { code: 'completion_estimated', proxyPrompt: 1012, proxyCompletion: 50, billedCompletion: 212 },
  { code: 'prompt_differs', billedPrompt: 5000, proxyPrompt: 1013 },
  { code: 'tokens_differ', billedPrompt: 11_760, billedCompletion: 3600, proxyPrompt: 11_760, proxyCompletion: 2880 },
  { code: 'charge_differs', billedUsd: 0.31625, expectedUsd: 0.18975 },
  { code: 'billed_twice', requestId: 'req-42', model: 'gpt-5.4' },
  { code: 'not_made_by_proxy', model: 'gpt-5.4' },
  { code: 'not_billed', model: 'deepseek-chat', provider: 'demo-gw' },
];

/** What is left of a text once the names it quotes (models, providers, request ids) and the words zh-CN keeps (Token, US$) are taken out. */
const withoutNames = (text: string) => text.replace(/claude-\w+-\d-\d|gpt-5\.4|deepseek-chat|demo-gw|req-42|Token|US\$/g, '');

describe('the audit\u2019s notes', () => {
  it('read in the dashboard\u2019s English as the command line prints them', () => {
    for (const note of NOTES) expect(auditNoteText(t('en'), 'en', note), note.code).toBe(auditNoteSentence(note).replaceAll("'", '\u2019'));
  });

  it('read in Chinese in the zh-CN dashboard, figures grouped and dollars marked as zh-CN writes them', () => {
    for (const note of NOTES) {
      const text = auditNoteText(t('zh-CN'), 'zh-CN', note);
      expect(withoutNames(text), note.code).not.toMatch(/[A-Za-z]{2,}/);
      expect(text, note.code).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(auditNoteText(t('zh-CN'), 'zh-CN', NOTES[7])).toBe('网关计费 11,760 个输入 Token 和 3,600 个输出 Token；代理看到的是 11,760 个和 2,880 个。');
    expect(auditNoteText(t('zh-CN'), 'zh-CN', NOTES[8])).toBe('网关扣费 US$0.31625；按价格快照应为 US$0.18975。');
  });

  it('say what the audit could not read in either language, naming each list it cut', () => {
    const incomplete = { logs: { read: 500, total: null }, ledger: [{ provider: 'gw', read: 100_000, total: 120_000 }] };
    expect(auditUnreadText(t('en'), 'en', incomplete)).toBe(auditIncompleteSentence(incomplete).replaceAll("'", '\u2019'));
    expect(auditUnreadText(t('en'), 'en', { logs: { read: 50_000, total: 50_100 }, ledger: [] })).toBe(auditIncompleteSentence({ logs: { read: 50_000, total: 50_100 }, ledger: [] }));
    expect(auditUnreadText(t('zh-CN'), 'zh-CN', incomplete)).toBe(
      '网关在此时间段内有超过 500 条日志，核对只读取了 500 条；代理账本中经 gw 的调用在此时间段及其前一天共有 120,000 次，核对只读取了最近的 100,000 次，因此这些数字遗漏了部分调用；请缩短核对的时间段以查看全部。',
    );
  });
});
