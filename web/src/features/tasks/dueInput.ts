/** A date as a `datetime-local` input shows it (YYYY-MM-DDTHH:mm, local time); '' for none. */
export function toDateTimeLocal(date: Date | string | null | undefined): string {
  if (!date) return '';
  const d = new Date(date);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The API's ISO date-time from a `datetime-local` value (read as local time); null when empty or invalid. */
export function fromDateTimeLocal(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * Whether a `datetime-local` value is already past: a due date, a postponement or a follow-up set
 * there would be overdue at once and its reminder ring straight away (a wrong year slips through a
 * date picker easily). The current minute still counts as now.
 */
export function isPastDateTime(value: string, now: Date = new Date()): boolean {
  const iso = fromDateTimeLocal(value);
  return iso !== null && new Date(iso).getTime() < now.getTime() - 60_000;
}
