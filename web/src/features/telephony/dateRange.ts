/** `YYYY-MM-DD` of a date in local time (for `<input type="date">`). */
export function toDateInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Start of a local day given as `YYYY-MM-DD`, as ISO; undefined when empty or invalid. */
export function startOfDayIso(value: string | null | undefined): string | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(y, m - 1, d);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Start of the day after a local `YYYY-MM-DD` (an inclusive "to" date as an exclusive bound). */
export function endOfDayIso(value: string | null | undefined): string | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(y, m - 1, d + 1);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The last `days` days including today, as date-input values. */
export function lastDays(days: number, now = new Date()): { from: string; to: string } {
  const from = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (days - 1));
  return { from: toDateInput(from), to: toDateInput(now) };
}
