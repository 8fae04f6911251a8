import type { Translate } from './Dictionary.js';

/**
 * The one duration format of the web app: "45 s" under a minute, "3 min 12 s", "15 min", and from
 * an hour "2 h 5 min" (seconds no longer matter there); empty for unknown. Calls, call-backs,
 * statistics and the timeline all use it, so a short call reads the same everywhere.
 */
export function formatDuration(seconds: number | null | undefined, t: Translate): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('duration.seconds', { s });
  if (s >= 3600) {
    const h = Math.floor(s / 3600);
    const minutes = Math.floor((s % 3600) / 60);
    return minutes ? t('duration.hoursMinutes', { h, m: minutes }) : t('duration.hours', { h });
  }
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return rest ? t('duration.minutesSeconds', { m, s: rest }) : t('duration.minutes', { m });
}
