/** The follow-up choices offered when logging a call (S4: "call me back in six months"). */
export const FOLLOW_UP_CHOICES = ['none', 'tomorrow', '1w', '1m', '3m', '6m', 'custom'] as const;
export type FollowUpChoice = (typeof FOLLOW_UP_CHOICES)[number];

/** Relative follow-ups land at this local hour, the start of a working day. */
const FOLLOW_UP_HOUR = 9;

function addMonthsClamped(date: Date, months: number): Date {
  const result = new Date(date);
  const day = result.getDate();
  result.setDate(1);
  result.setMonth(result.getMonth() + months);
  // 31 January + 1 month is the last day of February, not 3 March.
  const lastDay = new Date(result.getFullYear(), result.getMonth() + 1, 0).getDate();
  result.setDate(Math.min(day, lastDay));
  return result;
}

/**
 * When a follow-up is due: `null` for none (or an empty/invalid custom date). Relative choices
 * are at 09:00 local time on a weekday (a weekend moves to Monday); `custom` is a
 * `datetime-local` value (YYYY-MM-DDTHH:mm, local time), taken as given.
 */
export function followUpDate(choice: FollowUpChoice, now: Date, custom?: string): Date | null {
  if (choice === 'none') return null;
  if (choice === 'custom') {
    if (!custom) return null;
    const date = new Date(custom);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  let date = new Date(now);
  if (choice === 'tomorrow') date.setDate(date.getDate() + 1);
  else if (choice === '1w') date.setDate(date.getDate() + 7);
  else date = addMonthsClamped(date, choice === '1m' ? 1 : choice === '3m' ? 3 : 6);
  date.setHours(FOLLOW_UP_HOUR, 0, 0, 0);
  return nextWorkingDay(date);
}

/**
 * Where postponing a task by a day or a week puts it: counted from its due date while that is
 * still ahead, at the same hour (due Friday 14:30, a day later is Monday 14:30); from now, as a
 * new follow-up at 09:00, when it is overdue or has no date. Never earlier than it was: counted
 * from now, "tomorrow" brought a task due in six months forward to tomorrow.
 */
export function postponedDate(by: 'tomorrow' | '1w', dueAt: string | null, now: Date): Date {
  if (!postponesFromDue(dueAt, now)) return followUpDate(by, now)!;
  const date = new Date(dueAt!);
  date.setDate(date.getDate() + (by === 'tomorrow' ? 1 : 7));
  return nextWorkingDay(date);
}

/** Whether postponing counts from the task's due date (still ahead) rather than from now. */
export function postponesFromDue(dueAt: string | null, now: Date): boolean {
  return dueAt !== null && new Date(dueAt).getTime() > now.getTime();
}

/** A Saturday or Sunday moves to the Monday: a reminder should not ring in a closed office. */
function nextWorkingDay(date: Date): Date {
  const day = date.getDay();
  if (day === 6) date.setDate(date.getDate() + 2);
  else if (day === 0) date.setDate(date.getDate() + 1);
  return date;
}
