import type { Dictionary, MessageKey } from './Dictionary.js';
import { en } from './en.js';
import { fr } from './fr.js';
import { interpolate, type Language, type TranslateVars } from './interpolate.js';

export type { Language, TranslateVars };

const dictionaries: Record<Language, Dictionary> = { fr, en };
// Only an explicit choice from the header switch is remembered; otherwise the user's locale
// or the browser's decides.
const STORAGE_KEY = 'relais.language';

const listeners = new Set<() => void>();

function toLanguage(locale: string | null | undefined): Language | null {
  if (!locale) return null;
  const base = locale.toLowerCase().slice(0, 2);
  return base === 'fr' || base === 'en' ? base : null;
}

function readStored(): Language | null {
  try {
    return toLanguage(localStorage.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
}

function browserLanguage(): Language {
  for (const locale of navigator.languages ?? [navigator.language]) {
    const lang = toLanguage(locale);
    if (lang) return lang;
  }
  return 'en';
}

let current: Language = readStored() ?? browserLanguage();

function apply(lang: Language) {
  if (lang === current) return;
  current = lang;
  document.documentElement.lang = lang;
  listeners.forEach((listener) => listener());
}

/** Language state and message lookup, usable inside and outside React (see useI18n). */
export const i18n = {
  languages: ['fr', 'en'] as const satisfies readonly Language[],
  get language(): Language {
    return current;
  },
  /** Explicit choice from the language switch; remembered in this browser. */
  choose(lang: Language) {
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // Private mode: the choice just lasts for this page.
    }
    apply(lang);
  },
  /** Applies the signed-in user's locale unless the browser holds an explicit choice. */
  adoptUserLocale(locale: string | null | undefined) {
    const lang = readStored() ?? toLanguage(locale);
    if (lang) apply(lang);
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  has(key: string): key is MessageKey {
    return Object.prototype.hasOwnProperty.call(en, key);
  },
  t(key: MessageKey, vars?: TranslateVars, lang: Language = current): string {
    const text = dictionaries[lang][key] ?? en[key] ?? key;
    if (!vars) return text;
    return interpolate(text, vars, lang);
  },
};

document.documentElement.lang = current;
