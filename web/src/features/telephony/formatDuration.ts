import { i18n } from '../../i18n/i18n.js';

/** "3 min 12 s", "45 s"; empty for unknown. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return i18n.t('duration.seconds', { s });
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return rest ? i18n.t('duration.minutesSeconds', { m, s: rest }) : i18n.t('duration.minutes', { m });
}
