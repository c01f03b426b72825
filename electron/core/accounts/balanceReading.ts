import type { Balance } from '../../../shared/accountsContract';
import type { AddressOf } from '../../../shared/remedy';
import { SwitchboardError } from '../errors';
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
  /** Every currency held, in the source's order of preference, when it reports more than one. */
  holdings?: { currency: string; remaining: number }[];
  /** The source says the balance cannot pay for calls, whatever the figures. */
  cannotPay?: true;
}

/** A reading held against the account's threshold: the figures and warning the contract's Balance carries. */
export function againstThreshold(reading: BalanceReading, threshold: number | null): Omit<BalanceReading, 'holdings'> & Pick<Balance, 'low' | 'holdings'> {
  const below = (remaining: number) => threshold !== null && remaining < threshold;
  const { holdings, ...single } = reading;
  // The source's own word that calls are refused outweighs any figure: the account is low.
  const refused = reading.cannotPay === true;
  if (!holdings || holdings.length < 2) return { ...single, low: refused || (!reading.unlimited && below(reading.remaining)) };
  const held = holdings.map((h) => ({ ...h, low: below(h.remaining) }));
  // The money the account runs on: the first currency that is not low (without a threshold, the first with money).
  const primary = held.find((h) => (threshold === null ? h.remaining > 0 : !h.low)) ?? held[0];
  const ordered = [primary, ...held.filter((h) => h !== primary)];
  return { ...single, remaining: primary.remaining, currency: primary.currency, low: refused || primary.low, holdings: ordered };
}

/** Where and how to ask a key-only balance source. */
export interface KeySource {
  label: string;
  /** Whose address the source is at: an unreachable one's way out names where it is set. */
  address: AddressOf;
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

/** How to read a gateway's answer to a call made with the key alone: who asked, and what a refusal asks of the user. */
export const keyAnswerContext = (source: KeySource, path: string): AnswerContext => ({
  label: source.label,
  path,
  authRemedy: { kind: 'sign_in', credential: 'key', cliCommand: source.replaceKeyCommand },
  secrets: [source.key],
});

/**
 * A source answered without the figures it reports: most likely the account's address is not the
 * source's own. It is named as an address, which the command line sets with --base-url and the
 * dashboard in "Console address".
 */
export const answeredWithout = (source: KeySource, path: string, what: string, address: string): SwitchboardError =>
  new SwitchboardError('gateway_error', `${source.label} answered ${path} without ${what}; check that the account's address is ${address}.`);

/** GET a JSON answer with the key as a Bearer token; failures are one sentence. */
export async function getWithKey(source: KeySource, path: string): Promise<unknown> {
  const res = await gatewayRequest({
    url: `${source.baseUrl.replace(/\/+$/, '')}${path}`,
    headers: { authorization: `Bearer ${source.key}` },
    label: source.label,
    address: source.address,
  });
  return jsonAnswer(res, keyAnswerContext(source, path));
}
