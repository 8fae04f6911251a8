import { ApiError } from '../lib/ApiError.js';
import { i18n } from './i18n.js';
import { formatDuration } from './formatDuration.js';

/** A user-facing message for any error: the API code translated, else the server's message. */
export function translateError(error: unknown): string {
  if (error instanceof ApiError) {
    // A throttled login lasts up to 15 minutes: say how long, not "a moment".
    const wait = error.code === 'TOO_MANY_REQUESTS' ? error.retryAfterSeconds : null;
    if (wait) return i18n.t('error.TOO_MANY_REQUESTS.wait', { wait: formatDuration(wait, i18n.t) });
    const key = `error.${error.code}`;
    if (i18n.has(key)) return i18n.t(key);
    return error.message || i18n.t('error.generic');
  }
  if (error instanceof Error && error.message) return error.message;
  return i18n.t('error.generic');
}
