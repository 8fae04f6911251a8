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
  // "24:00" closes at the next midnight.
  const at = (time: string) => {
    const [h, m] = time.split(':').map(Number);
    return h === 24 ? day.plus({ days: 1 }).startOf('day') : day.set({ hour: h, minute: m, second: 0, millisecond: 0 });
  };
  return hours.map(([open, close]) => [at(open), at(close)]);
}

/** Every day, all day: a round-the-clock team's hours, when its holidays still count. */
const ALL_DAY: WeeklyHours = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['00:00', '24:00']]]));

const MAX_DAYS = 3700;

/** Forward (1) or back (-1) in time. */
type Direction = 1 | -1;

/**
 * The nearest working instant from `cursor` in `direction`: at or after it going forward; at or
 * before it going back, where an opening time itself belongs to the day before.
 */
function nearestOpen(cursor: DateTime, calendar: BusinessCalendar, direction: Direction): DateTime {
  let day = cursor.startOf('day');
  for (let i = 0; i < MAX_DAYS; i++, day = day.plus({ days: direction })) {
    const spans = intervals(day, calendar);
    for (const [open, close] of direction === 1 ? spans : spans.reverse()) {
      if (direction === 1 && cursor < close) return cursor > open ? cursor : open;
      if (direction === -1 && open < cursor) return cursor < close ? cursor : close;
    }
  }
  throw new AppError('VALIDATION_FAILED', 'the team calendar has no working hours', [{ path: 'businessHours', message: 'no working time' }]);
}

/**
 * Moves `at` by an ISO duration of working time, forward or back: days count working days (same
 * local time), hours and minutes count only open hours, skipping nights, weekends and holidays.
 * No good library does business-hours arithmetic with holidays in a time zone, so it is written
 * here on top of luxon.
 */
function moveByBusinessDuration(at: Date, iso: string, calendar: BusinessCalendar, direction: Direction): Date {
  const duration = parseIsoDuration(iso);
  const from = DateTime.fromJSDate(at, { zone: calendar.timeZone });
  if (!calendar.hours && calendar.holidays.length === 0) return (direction === 1 ? from.plus(duration) : from.minus(duration)).toJSDate();
  // Round the clock but for its holidays: every day is open all day, except those.
  if (!calendar.hours) calendar = { ...calendar, hours: ALL_DAY };

  // The units as written: converting them (shiftTo) would turn PT24H into one working day, due
  // before PT23H of working hours, and an hour shorter across a clock change.
  const { days = 0, weeks = 0, months = 0, years = 0, hours = 0, minutes = 0, seconds = 0, milliseconds = 0 } = duration.toObject();
  // Working time starts at the next opening: a request made on Saturday with a day to go is due
  // Tuesday morning, as one made on Monday morning — not at Monday's opening, with no time at all.
  let cursor: DateTime = direction === 1 ? nearestOpen(from, calendar, 1) : from;
  let workingDays = days + weeks * 5 + months * 21 + years * 252;
  for (let i = 0; workingDays > 0 && i < MAX_DAYS; i++) {
    cursor = cursor.plus({ days: direction });
    if (intervals(cursor.startOf('day'), calendar).length > 0) workingDays -= 1;
  }
  // A deadline lands in working time even when only days were added (closed then: next opening).
  if (direction === 1) cursor = nearestOpen(cursor, calendar, 1);
  let remaining = ((hours * 60 + minutes) * 60 + seconds) * 1000 + milliseconds;
  for (let i = 0; remaining > 0 && i < MAX_DAYS * 4; i++) {
    cursor = nearestOpen(cursor, calendar, direction);
    // The open span the cursor is in, and its end in the walking direction.
    const [open, close] = intervals(cursor.startOf('day'), calendar).find(([o, c]) => (direction === 1 ? cursor >= o && cursor < c : cursor > o && cursor <= c))!;
    const edge = direction === 1 ? close : open;
    const available = Math.abs(edge.diff(cursor).as('milliseconds'));
    if (remaining <= available) return cursor.plus({ milliseconds: remaining * direction }).toJSDate();
    remaining -= available;
    cursor = edge;
  }
  return cursor.toJSDate();
}

/** Adds an SLA duration in working time (see moveByBusinessDuration). */
export function addBusinessDuration(start: Date, iso: string, calendar: BusinessCalendar): Date {
  return moveByBusinessDuration(start, iso, calendar, 1);
}

/**
 * Goes back an ISO duration of working time from `end`: "warn one hour before the deadline" on a
 * Monday 09:30 deadline means Friday 17:30 for a team working 9:00–18:00, not a closed Monday 08:30.
 */
export function subtractBusinessDuration(end: Date, iso: string, calendar: BusinessCalendar): Date {
  return moveByBusinessDuration(end, iso, calendar, -1);
}
