import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { MessageKey } from './Dictionary.js';
import { i18n, type Language, type TranslateVars } from './i18n.js';

/** Current language, translate function and locale-aware date formatting; re-renders on switch. */
export function useI18n() {
  const lang = useSyncExternalStore(i18n.subscribe, () => i18n.language);
  const t = useCallback((key: MessageKey, vars?: TranslateVars) => i18n.t(key, vars, lang), [lang]);
  const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';

  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    return {
      lang,
      locale,
      t,
      setLanguage: (next: Language) => i18n.choose(next),
      formatDateTime: (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : ''),
      formatDate: (iso: string | null | undefined) => (iso ? date.format(new Date(iso)) : ''),
    };
  }, [lang, locale, t]);
}
