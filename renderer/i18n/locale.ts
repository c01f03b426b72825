import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export const MESSAGES: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export type Vars = Record<string, string | number>;

/** The system's first language we speak: any Chinese variant gets zh-CN, everything else English. */
export function pickLocale(languages: readonly string[]): Locale {
  for (const language of languages) {
    const lower = language.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

export function isLocale(value: string | null): value is Locale {
  return value !== null && (LOCALES as readonly string[]).includes(value);
}

/**
 * Looks a key up and fills "{name}" placeholders; a placeholder without a value stays visible. A
 * `count` given as a number is grouped in the language's way (1,200), as the command line prints
 * counts; other numbers (a port, a backup's id) are typed back by people as they are, so stay so.
 */
export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const text = MESSAGES[locale][key] ?? en[key];
  if (!vars) return text;
  // `{count:call|calls}` picks the word for the number in `count`: the singular for exactly 1.
  return text.replace(/\{(\w+)(?::([^|}]*)\|([^}]*))?\}/g, (whole, name: string, one?: string, many?: string) => {
    if (!(name in vars)) return whole;
    const value = vars[name];
    if (one === undefined) return name === 'count' && typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : String(value);
    return String(value) === '1' ? one : (many ?? '');
  });
}
