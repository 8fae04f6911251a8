import { DateTime } from 'luxon';

/**
 * The instant a list's period bound stands for (`from`, `to`, `dueBefore`): a date-time as given; a
 * plain day in the firm's time zone, from its start (`end`: to its end, i.e. the next day's start).
 * Null past year 9999.
 */
export function rangeBound(value: string, timeZone: string, end: boolean): string | null {
  if (value.length !== 10) return new Date(value).toISOString();
  const day = DateTime.fromISO(value, { zone: timeZone }).startOf('day');
  const bound = end ? day.plus({ days: 1 }) : day;
  return bound.year > 9999 ? null : bound.toUTC().toISO();
}

/** After every instant the API stores (dates stop at year 9999 in UTC): a bound rangeBound found past it. */
export const END_OF_TIME = '9999-12-31T23:59:59.999Z';
