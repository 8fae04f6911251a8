import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { MessageKey } from './Dictionary.js';
import { i18n, type Language, type TranslateVars } from './i18n.js';
import { LOCALES } from './interpolate.js';

/** Current language, translate function and locale-aware date formatting; re-renders on switch. */
export function useI18n() {
  const lang = useSyncExternalStore(i18n.subscribe, () => i18n.language);
  const t = useCallback((key: MessageKey, vars?: TranslateVars) => i18n.t(key, vars, lang), [lang]);
  const locale = LOCALES[lang];

  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    const cents = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    const regions = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
    return {
      lang,
      locale,
      t,
      setLanguage: (next: Language) => i18n.choose(next),
      formatDateTime: (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : ''),
      formatDate: (iso: string | null | undefined) => (iso ? date.format(new Date(iso)) : ''),
      /** A number written for the interface's language ("12 500,5" in French), not the browser's. */
      formatNumber: (value: number) => number.format(value),
      /** An amount: whole as a whole number ("4 800"), else with its cents ("4 800,50", not "4 800,5"). */
      formatAmount: (value: number) => (Number.isInteger(value) ? number : cents).format(value),
      /** A share (0.125) as a percentage in the interface's language: "12,5 %" in French, "12.5%" in English. */
      formatPercent: (share: number) => percent.format(share),
      /** A country's name in the interface's language from its ISO code ("FR" → "France"); an unknown code as written. */
      countryName: (code: string) => {
        try {
          return regions.of(code.toUpperCase()) ?? code;
        } catch {
          return code;
        }
      },
    };
  }, [lang, locale, t]);
}
