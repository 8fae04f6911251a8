import type { Language } from '../../i18n/i18n.js';
import type { RequestType } from './types.js';

/** The label of a configured item (type, status, field, reason) in the user's language. */
export function localLabel(item: { labelEn: string; labelFr: string } | undefined, lang: Language, fallback = ''): string {
  if (!item) return fallback;
  return (lang === 'fr' ? item.labelFr : item.labelEn) || item.labelEn || fallback;
}

export function statusLabel(type: RequestType | undefined, key: string | null | undefined, lang: Language): string {
  if (!key) return '';
  return localLabel(type?.definition.statuses.find((s) => s.key === key), lang, key);
}

export function isTerminal(type: RequestType | undefined, key: string): boolean {
  return Boolean(type?.definition.statuses.find((s) => s.key === key)?.terminal);
}
