import { describe, expect, it } from 'vitest';
import { followUpDate, postponedDate } from './followUpDate.js';

describe('followUpDate', () => {
  const now = new Date(2025, 0, 31, 15, 42); // 31 January 2025, 15:42 local

  it('returns null for no follow-up', () => {
    expect(followUpDate('none', now)).toBeNull();
  });

  it('puts relative follow-ups at 09:00 local time on a weekday: a weekend moves to Monday', () => {
    // Friday 31 January 2025: tomorrow is Saturday 1 February, so Monday 3 February.
    expect(followUpDate('tomorrow', now)).toEqual(new Date(2025, 1, 3, 9, 0));
    expect(followUpDate('1w', now)).toEqual(new Date(2025, 1, 7, 9, 0));
    // Saturday 5 December 2026: in six months is Saturday 5 June 2027, so Monday 7 June; tomorrow is Sunday, so Monday.
    const saturday = new Date(2026, 11, 5, 10, 0);
    expect(followUpDate('6m', saturday)).toEqual(new Date(2027, 5, 7, 9, 0));
    expect(followUpDate('tomorrow', saturday)).toEqual(new Date(2026, 11, 7, 9, 0));
    expect(followUpDate('1w', saturday)).toEqual(new Date(2026, 11, 14, 9, 0));
  });

  it('clamps months to the last day of a shorter month', () => {
    expect(followUpDate('1m', now)).toEqual(new Date(2025, 1, 28, 9, 0));
    expect(followUpDate('3m', now)).toEqual(new Date(2025, 3, 30, 9, 0));
    expect(followUpDate('6m', now)).toEqual(new Date(2025, 6, 31, 9, 0));
  });

  it('reads a custom datetime-local value as local time', () => {
    expect(followUpDate('custom', now, '2025-03-04T14:30')).toEqual(new Date(2025, 2, 4, 14, 30));
    expect(followUpDate('custom', now, '')).toBeNull();
    expect(followUpDate('custom', now, 'nonsense')).toBeNull();
  });

  it('postpones a task from its due date while that is ahead, at its hour; from now when it is overdue or undated', () => {
    // Due Friday 15 March 2030 at 14:30: a day later is the Monday, a week later the next Friday, same hour.
    const due = new Date(2030, 2, 15, 14, 30).toISOString();
    expect(postponedDate('tomorrow', due, now)).toEqual(new Date(2030, 2, 18, 14, 30));
    expect(postponedDate('1w', due, now)).toEqual(new Date(2030, 2, 22, 14, 30));
    // Overdue or without a date: as a follow-up from now (Friday 31 January 2025, 15:42).
    const overdue = new Date(2025, 0, 20, 10, 0).toISOString();
    expect(postponedDate('tomorrow', overdue, now)).toEqual(new Date(2025, 1, 3, 9, 0));
    expect(postponedDate('1w', null, now)).toEqual(new Date(2025, 1, 7, 9, 0));
    // Never earlier than it was.
    for (const dueAt of [due, overdue, new Date(now.getTime() + 60_000).toISOString()]) {
      expect(postponedDate('tomorrow', dueAt, now).getTime()).toBeGreaterThan(new Date(dueAt).getTime());
    }
  });
});
