import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { readPreference, writePreference } from '../preferences';
import type { MessageKey } from './en';
import { isLocale, pickLocale, translate, type Locale, type Vars } from './locale';

export type Translate = (key: MessageKey, vars?: Vars) => string;
/** What the user picked: a language, or whatever the system uses. */
export type LanguageChoice = Locale | 'system';

interface I18n {
  locale: Locale;
  choice: LanguageChoice;
  setChoice(choice: LanguageChoice): void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

const systemLocale = (): Locale => pickLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);

function savedChoice(): LanguageChoice {
  const saved = readPreference('language');
  return saved === 'system' || isLocale(saved) ? saved : 'system';
}

/** The language comes from the system unless the user picked one; the choice is kept across starts. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [choice, setChoiceState] = useState<LanguageChoice>(savedChoice);
  const setChoice = useCallback((next: LanguageChoice) => {
    writePreference('language', next);
    setChoiceState(next);
  }, []);
  const locale = choice === 'system' ? systemLocale() : choice;
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo<I18n>(() => ({ locale, choice, setChoice, t: (key, vars) => translate(locale, key, vars) }), [locale, choice, setChoice]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n is used outside I18nProvider.');
  return value;
}
