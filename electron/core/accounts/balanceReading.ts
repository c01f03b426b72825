import type { Remedy } from '../../../shared/remedy';
import { gatewayRequest } from '../gateway/http';
import { jsonAnswer, type AnswerContext } from './gatewayAnswer';

/** A balance as one source reports it, before Switchboard adds the time and the threshold. */
export interface BalanceReading {
  remaining: number;
  /** 0 where the source reports no spend (DeepSeek, Moonshot, SiliconFlow). */
  used: number;
  currency: string;
  unlimited: boolean;
  source: string;
}

/** Where and how to ask a key-only balance source. */
export interface KeySource {
  label: string;
  /** The site root (or API root) the source's path is appended to. */
  baseUrl: string;
  key: string;
  /** The command that replaces a rejected key (shown in error sentences). */
  replaceKeyCommand: string;
}

/** Where Moonshot and SiliconFlow bill in US dollars: their international sites (the China ones bill in yuan). */
const INTERNATIONAL_HOST: Record<'moonshot' | 'siliconflow', RegExp> = {
  moonshot: /\.ai$/,
  siliconflow: /(^|\.)siliconflow\.com$/,
};

/** The currency a vendor with a China and an international site reports balances in. */
export const regionalCurrency = (vendor: keyof typeof INTERNATIONAL_HOST, baseUrl: string): 'USD' | 'CNY' =>
  INTERNATIONAL_HOST[vendor].test(new URL(baseUrl).hostname) ? 'USD' : 'CNY';

export const keyAuthRemedy = (source: KeySource): Remedy => ({ kind: 'sign_in', credential: 'key', cliCommand: source.replaceKeyCommand });

/** GET a JSON answer with the key as a Bearer token; failures are one sentence. */
export async function getWithKey(source: KeySource, path: string): Promise<unknown> {
  const res = await gatewayRequest({
    url: `${source.baseUrl.replace(/\/+$/, '')}${path}`,
    headers: { authorization: `Bearer ${source.key}` },
    label: source.label,
  });
  const ctx: AnswerContext = { label: source.label, path, authRemedy: keyAuthRemedy(source), secrets: [source.key] };
  return jsonAnswer(res, ctx);
}
