import { ApiError } from '../lib/ApiError.js';
import { i18n } from './i18n.js';
import { formatDuration } from './formatDuration.js';

/** A user-facing message for any error, in the interface language: the API code translated, else the server's message. */
export function translateError(error: unknown): string {
  if (error instanceof ApiError) {
    // A throttled login lasts up to 15 minutes: say how long, not "a moment".
    const wait = error.code === 'TOO_MANY_REQUESTS' ? error.retryAfterSeconds : null;
    if (wait) return i18n.t('error.TOO_MANY_REQUESTS.wait', { wait: formatDuration(wait, i18n.t) });
    const key = `error.${error.code}`;
    if (i18n.has(key)) return i18n.t(key);
    // No Relais answer (a proxy's bare 502 while the server restarts): its status, not its English text.
    if (error.code.startsWith('HTTP_')) return i18n.t(httpStatusKey(error.status));
    return error.message || i18n.t('error.generic');
  }
  // Anything else is a fault of this page, its text written for developers: the generic message.
  return i18n.t('error.generic');
}

function httpStatusKey(status: number) {
  if ([502, 503, 504].includes(status)) return 'error.UNAVAILABLE';
  return status >= 500 ? 'error.INTERNAL' : 'error.generic';
}
