import { DateTime, Duration } from 'luxon';
import { AppError } from '../../errors.js';

/** Opening hours per ISO weekday (1 = Monday … 7 = Sunday), as local "HH:mm" pairs. */
export type WeeklyHours = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', [string, string][]>>;

export interface BusinessCalendar {
  timeZone: string;
  /** Null means round the clock: deadlines run on plain clock time. */
  hours: WeeklyHours | null;
  /** Local dates (YYYY-MM-DD) when the team does not work. */
  holidays: string[];
}

export const ALWAYS_OPEN = (timeZone: string): BusinessCalendar => ({ timeZone, hours: null, holidays: [] });

export function parseIsoDuration(text: string): Duration {
  const duration = Duration.fromISO(text);
  if (!duration.isValid || duration.as('milliseconds') <= 0) {
    throw new AppError('VALIDATION_FAILED', `duration: "${text}" is not an ISO 8601 duration such as PT4H or P2D`, [{ path: 'duration', message: 'invalid ISO 8601 duration' }]);
  }
  return duration;
}

function intervals(day: DateTime, calendar: BusinessCalendar): [DateTime, DateTime][] {
  if (calendar.holidays.includes(day.toISODate()!)) return [];
  const hours = calendar.hours?.[String(day.weekday) as keyof WeeklyHours] ?? [];
  return hours.map(([open, close]) => {
    const [oh, om] = open.split(':').map(Number);
    const [ch, cm] = close.split(':').map(Number);
    return [day.set({ hour: oh, minute: om, second: 0, millisecond: 0 }), day.set({ hour: ch, minute: cm, second: 0, millisecond: 0 })];
  });
}

const MAX_DAYS = 3700;

/** The first working instant at or after `cursor`. */
function nextOpen(cursor: DateTime, calendar: BusinessCalendar): DateTime {
  let day = cursor.startOf('day');
  for (let i = 0; i < MAX_DAYS; i++, day = day.plus({ days: 1 })) {
    for (const [open, close] of intervals(day, calendar)) {
      if (cursor < close) return cursor > open ? cursor : open;
    }
  }
  throw new AppError('VALIDATION_FAILED', 'the team calendar has no working hours', [{ path: 'businessHours', message: 'no working time' }]);
}

/**
 * Adds an SLA duration in working time: days count working days (same local time, moved to the
 * next opening if closed then), hours and minutes count only open hours, skipping nights,
 * weekends and holidays. No good library does business-hours arithmetic with holidays in a time
 * zone, so it is written here on top of luxon.
 */
export function addBusinessDuration(start: Date, iso: string, calendar: BusinessCalendar): Date {
  const duration = parseIsoDuration(iso);
  const from = DateTime.fromJSDate(start, { zone: calendar.timeZone });
  if (!calendar.hours) return from.plus(duration).toJSDate();

  const { days = 0, weeks = 0, months = 0, years = 0, hours = 0, minutes = 0, seconds = 0 } = duration
    .shiftTo('years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds')
    .toObject();
  let cursor: DateTime = from;
  let workingDays = days + weeks * 5 + months * 21 + years * 252;
  for (let i = 0; workingDays > 0 && i < MAX_DAYS; i++) {
    cursor = cursor.plus({ days: 1 });
    if (intervals(cursor.startOf('day'), calendar).length > 0) workingDays -= 1;
  }
  let remaining = ((hours * 60 + minutes) * 60 + seconds) * 1000;
  cursor = nextOpen(cursor, calendar);
  for (let i = 0; remaining > 0 && i < MAX_DAYS * 4; i++) {
    cursor = nextOpen(cursor, calendar);
    const close = intervals(cursor.startOf('day'), calendar).find(([open, end]) => cursor >= open && cursor < end)![1];
    const available = close.diff(cursor).as('milliseconds');
    if (remaining <= available) return cursor.plus({ milliseconds: remaining }).toJSDate();
    remaining -= available;
    cursor = close;
  }
  return cursor.toJSDate();
}

/** The last working instant at or before `cursor` (an opening time itself belongs to the day before). */
function previousOpen(cursor: DateTime, calendar: BusinessCalendar): DateTime {
  let day = cursor.startOf('day');
  for (let i = 0; i < MAX_DAYS; i++, day = day.minus({ days: 1 })) {
    for (const [open, close] of [...intervals(day, calendar)].reverse()) {
      if (open < cursor) return cursor < close ? cursor : close;
    }
  }
  throw new AppError('VALIDATION_FAILED', 'the team calendar has no working hours', [{ path: 'businessHours', message: 'no working time' }]);
}

/**
 * Goes back an ISO duration of working time from `end`: "warn one hour before the deadline" on a
 * Monday 09:30 deadline means Friday 17:30 for a team working 9:00–18:00, not a closed Monday 08:30.
 * Days count working days back, hours and minutes only open hours, as in addBusinessDuration.
 */
export function subtractBusinessDuration(end: Date, iso: string, calendar: BusinessCalendar): Date {
  const duration = parseIsoDuration(iso);
  const to = DateTime.fromJSDate(end, { zone: calendar.timeZone });
  if (!calendar.hours) return to.minus(duration).toJSDate();

  const { days = 0, weeks = 0, months = 0, years = 0, hours = 0, minutes = 0, seconds = 0 } = duration
    .shiftTo('years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds')
    .toObject();
  let cursor: DateTime = to;
  let workingDays = days + weeks * 5 + months * 21 + years * 252;
  for (let i = 0; workingDays > 0 && i < MAX_DAYS; i++) {
    cursor = cursor.minus({ days: 1 });
    if (intervals(cursor.startOf('day'), calendar).length > 0) workingDays -= 1;
  }
  let remaining = ((hours * 60 + minutes) * 60 + seconds) * 1000;
  for (let i = 0; remaining > 0 && i < MAX_DAYS * 4; i++) {
    cursor = previousOpen(cursor, calendar);
    const open = intervals(cursor.startOf('day'), calendar).find(([start, close]) => cursor > start && cursor <= close)![0];
    const available = cursor.diff(open).as('milliseconds');
    if (remaining <= available) return cursor.minus({ milliseconds: remaining }).toJSDate();
    remaining -= available;
    cursor = open;
  }
  return cursor.toJSDate();
}
