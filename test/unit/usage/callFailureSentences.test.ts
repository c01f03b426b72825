import { describe, expect, it } from 'vitest';
import type { CallFailure, ProviderMishap, RouteRemedy } from '../../../shared/callFailure';
import { callFailureSentence } from '../../../shared/callFailureSentences';
import { CLIENT_LEFT_FAILURE } from '../../../electron/core/proxy/retryRules';
import { translate, type Locale } from '../../../renderer/i18n/locale';
import { callFailureText } from '../../../renderer/lib/callFailureText';

const t = (locale: Locale) => (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(locale, key, vars);

/** One mishap of every code. */
const MISHAPS: ProviderMishap[] = [
  { code: 'unreachable', reason: 'ECONNREFUSED' },
  { code: 'no_answer_in_time' },
  { code: 'no_protocol' },
  { code: 'no_key' },
  { code: 'said', words: 'upstream exploded' },
  { code: 'resting', seconds: 25 },
  { code: 'error_page', title: '502 Bad Gateway', failing: true },
  { code: 'error_page', title: null, failing: false },
  { code: 'empty_error', status: 502 },
  { code: 'html_reply' },
  { code: 'not_json' },
  { code: 'closed_without_reply' },
  { code: 'closed_unfinished' },
  { code: 'stalled' },
  { code: 'broke_off', reason: 'other side closed' },
  { code: 'closed_early' },
  { code: 'sent_error', words: 'Overloaded.' },
];

/** One remedy of every code, for one provider and for several. */
const REMEDIES: RouteRemedy[] = [
  { code: 'fix_key', providers: ['flaky'] },
  { code: 'fix_key', providers: ['flaky', 'steady', 'spare'] },
  { code: 'top_up', providers: ['flaky'] },
  { code: 'top_up', providers: ['flaky', 'steady'] },
  { code: 'check_reachable', providers: ['flaky'] },
  { code: 'check_reachable', providers: ['flaky', 'steady'] },
  { code: 'allow_longer', setting: 'firstByteTimeoutMs' },
  { code: 'wait', seconds: 1200, alreadySaid: false },
  { code: 'wait', seconds: null, alreadySaid: false },
  { code: 'wait', seconds: 20, alreadySaid: true },
  { code: 'add_provider', provider: 'flaky', alreadySaid: false },
  { code: 'add_provider', provider: 'flaky', alreadySaid: true },
];

const FAILURES: CallFailure[] = [
  ...MISHAPS.map((mishap): CallFailure => ({ code: 'route_failed', failures: [{ providers: ['flaky'], mishap }], everyProvider: false, remedy: null })),
  ...REMEDIES.map((remedy): CallFailure => ({ code: 'route_failed', failures: [{ providers: ['flaky'], mishap: MISHAPS[4] }], everyProvider: false, remedy })),
  // A gateway's finished sentence gets ours as a sentence of its own.
  { code: 'route_failed', failures: [{ providers: ['flaky'], mishap: { code: 'said', words: 'Service busy.' } }], everyProvider: false, remedy: REMEDIES[4] },
  {
    code: 'route_failed',
    failures: [
      { providers: ['flaky', 'steady'], mishap: MISHAPS[0] },
      { providers: ['spare'], mishap: { code: 'said', words: 'invalid token' } },
    ],
    everyProvider: true,
    remedy: { code: 'fix_key', providers: ['spare'] },
  },
  ...MISHAPS.slice(-4).map((mishap): CallFailure => ({ code: 'answer_incomplete', provider: 'flaky', mishap })),
];

/** What is left of a text once the names, gateway words and commands it quotes, and the words zh-CN keeps (HTML, JSON, HTTP, API), are taken out. */
const withoutQuoted = (text: string) =>
  text.replace(/“switchboard [^”]+”|flaky|steady|spare|ECONNREFUSED|other side closed|upstream exploded|Overloaded\.|Service busy\.|invalid token|502 Bad Gateway|HTML|JSON|HTTP|API|Cloudflare|firstByteTimeoutMs/g, '');

describe('a failed call\u2019s sentence', () => {
  it('reads in English as the tool and the command line get it', () => {
    expect(FAILURES.map(callFailureSentence)).toEqual([
      'flaky could not be reached (ECONNREFUSED)',
      'flaky did not answer in time',
      'flaky speaks no protocol the proxy can use',
      'flaky has no key',
      'flaky: upstream exploded',
      'flaky: not asked, resting another 25 s after repeated failures',
      'flaky: it answered with an HTML page ("502 Bad Gateway") instead of JSON: the gateway or a proxy in front of it is failing, try again later',
      'flaky: it answered with an HTML page instead of JSON (a login page or a Cloudflare challenge?)',
      'flaky: HTTP 502 with an empty body',
      'flaky answered with an HTML page instead of JSON (a login page or a Cloudflare challenge?)',
      'flaky answered with something that is not JSON',
      'flaky: the gateway closed the stream without a reply',
      'flaky: The upstream closed the stream before the reply was complete.',
      'flaky stopped sending before its answer was complete',
      'flaky broke off its answer (other side closed)',
      'flaky broke off its answer (it closed the stream before its last event)',
      'flaky broke off its answer (it sent an error: Overloaded.)',
      'flaky: upstream exploded — flaky rejected its key: set a working key with "switchboard provider edit flaky --key -".',
      'flaky: upstream exploded — flaky, steady and spare rejected their keys: set a working key with "switchboard provider edit flaky --key -".',
      "flaky: upstream exploded — flaky has no credit left for this key: top it up in the gateway's console, or put a provider with credit in this route.",
      "flaky: upstream exploded — flaky and steady have no credit left for this key: top it up in the gateway's console, or put a provider with credit in this route.",
      'flaky: upstream exploded — check that flaky is up and its base URL right with "switchboard provider test flaky".',
      'flaky: upstream exploded — check that flaky and steady are up and their base URL right with "switchboard provider test flaky".',
      'flaky: upstream exploded — try again, or give gateways longer with "switchboard settings set firstByteTimeoutMs <ms>".',
      'flaky: upstream exploded — wait 1200 s and try again, or add another provider to this route.',
      'flaky: upstream exploded — wait a moment and try again, or add another provider to this route.',
      'flaky: upstream exploded — or add another provider to this route.',
      'flaky: upstream exploded — try again in a moment, or add another provider to this route ("switchboard provider test flaky" checks it).',
      'flaky: upstream exploded — or add another provider to this route ("switchboard provider test flaky" checks it).',
      'flaky: Service busy. Check that flaky is up and its base URL right with "switchboard provider test flaky".',
      'Every provider of this route failed: flaky and steady could not be reached (ECONNREFUSED); spare: invalid token — spare rejected its key: set a working key with "switchboard provider edit spare --key -".',
      'flaky stopped sending before its answer was complete; the answer is incomplete: ask again',
      'flaky broke off its answer (other side closed); the answer is incomplete: ask again',
      'flaky broke off its answer (it closed the stream before its last event); the answer is incomplete: ask again',
      'flaky broke off its answer (it sent an error: Overloaded.); the answer is incomplete: ask again',
    ]);
  });

  it('reads in the dashboard\u2019s English as the tool got it', () => {
    for (const failure of FAILURES) expect(callFailureText(t('en'), 'en', failure)).toBe(callFailureSentence(failure));
  });

  it('reads in Chinese in the zh-CN dashboard, the gateway\u2019s own words and the commands kept as they are', () => {
    for (const failure of FAILURES) {
      const text = callFailureText(t('zh-CN'), 'zh-CN', failure);
      // All that is left is Chinese (a gateway's words alone leave nothing).
      expect(withoutQuoted(text).replace(/[\s\p{P}\p{S}\d]/gu, ''), text).toMatch(/^[\u4e00-\u9fff]*$/);
    }
    expect(callFailureText(t('zh-CN'), 'zh-CN', FAILURES.at(-5)!)).toBe(
      '此路由的所有服务商都失败了：无法连接 flaky 和 steady（ECONNREFUSED）；spare：invalid token——密钥被 spare 拒绝：用“switchboard provider edit spare --key -”设置可用的密钥。',
    );
    expect(callFailureText(t('zh-CN'), 'zh-CN', FAILURES.at(-1)!)).toBe('flaky 中断了回答（它发来了错误：Overloaded.）；回答不完整，请重新提问');
    expect(callFailureText(t('zh-CN'), 'zh-CN', FAILURES[MISHAPS.length + 7])).toBe('flaky：upstream exploded——请等待 1200 秒后重试，或在此路由中再加一个服务商。');
  });
});

/** The sentences the proxy says of its own: a route that cannot take the call, a failure inside the proxy, a client that left. */
const PROXY_OWN: CallFailure[] = [
  { code: 'model_unserved', model: 'claude-sonnet-4-5' },
  { code: 'no_openai_provider', path: '/audio/transcriptions', providers: ['flaky-claude', 'spare-claude'] },
  { code: 'internal', reason: "Cannot read properties of undefined (reading 'map')" },
  CLIENT_LEFT_FAILURE,
];

describe('the proxy\u2019s own sentence for a call', () => {
  it('reads in English as the tool, the command line and the CSV have always had it', () => {
    expect(PROXY_OWN.map(callFailureSentence)).toEqual([
      'No provider in this route serves claude-sonnet-4-5 and the route forbids serving another model; map a provider to claude-sonnet-4-5 or turn off strict model.',
      '/v1/audio/transcriptions needs a provider that speaks the OpenAI protocol, and this route has none (flaky-claude, spare-claude); add one to the route.',
      "Switchboard failed to handle the call: Cannot read properties of undefined (reading 'map')",
      'The client closed the connection before the answer was finished; the upstream call was stopped.',
    ]);
  });

  it('reads in the dashboard\u2019s English as the tool got it', () => {
    for (const failure of PROXY_OWN) expect(callFailureText(t('en'), 'en', failure)).toBe(callFailureSentence(failure));
  });

  it('reads in Chinese in the zh-CN dashboard, the model, the path, the providers and the error\u2019s own words kept as they are', () => {
    expect(PROXY_OWN.map((failure) => callFailureText(t('zh-CN'), 'zh-CN', failure))).toEqual([
      '此路由中没有服务商提供 claude-sonnet-4-5，而此路由不允许替换为其他模型：请把一个服务商映射到 claude-sonnet-4-5，或关闭“绝不替换为其他模型”。',
      '/v1/audio/transcriptions 需要一个支持 OpenAI 协议的服务商，而此路由中没有（flaky-claude、spare-claude）：请在路由中加一个。',
      "Switchboard 处理此调用时出错：Cannot read properties of undefined (reading 'map')",
      '客户端在回答结束前关闭了连接，已停止上游调用。',
    ]);
  });
});
