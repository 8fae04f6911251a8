import { ApiError } from '../lib/ApiError.js';
import { i18n } from './i18n.js';

/** A user-facing message for any error: the API code translated, else the server's message. */
export function translateError(error: unknown): string {
  if (error instanceof ApiError) {
    const key = `error.${error.code}`;
    if (i18n.has(key)) return i18n.t(key);
    return error.message || i18n.t('error.generic');
  }
  if (error instanceof Error && error.message) return error.message;
  return i18n.t('error.generic');
}
