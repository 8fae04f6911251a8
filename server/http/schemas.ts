import { z } from 'zod';

/**
 * An ISO 8601 date-time with its offset, whose instant falls in years 0001–9999. Dates are stored
 * as UTC text and compared as text: "9999-12-31T23:00:00-23:00" is year 10000 in UTC, which
 * toISOString() writes "+010000-…", sorting before every other date.
 */
export const isoDateTime = z.iso.datetime({ offset: true }).refine(
  (value) => {
    const year = new Date(value).getUTCFullYear();
    return year >= 1 && year <= 9999;
  },
  { message: 'a date between the years 1 and 9999 (in UTC)' },
);

/** A date-time, or a plain day as people write a period (checked against the calendar: no 2026-02-30); see rangeBound. */
export const dayOrDateTime = z.union([isoDateTime, z.iso.date()]);

/** A record's id as the API receives it: an empty string names nothing and is refused, naming the field. */
export const recordId = z.string().min(1).max(36);

/**
 * A record's id in a list filter: a value that cannot be an id (`personId=bob`) is a mistake to
 * report (400 naming the field), not a filter that quietly matches nothing.
 */
export const recordIdFilter = z.uuid({ error: 'not a record id' });

/** `total=true` on a list that can count its matches (server/lib/list-total.ts). */
export const totalParam = z
  .enum(['true', 'false'])
  .optional()
  .describe('true: the answer also carries `total`, the number of matching records, counted up to 10,000 (then `totalIsLowerBound` is true); on the first page only (without cursor)');
