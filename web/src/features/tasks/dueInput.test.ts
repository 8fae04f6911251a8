import { describe, expect, it } from 'vitest';
import { fromDateTimeLocal, isPastDateTime, toDateTimeLocal } from './dueInput.js';

describe('due date input', () => {
  it('round-trips a local date and time', () => {
    const date = new Date(2026, 0, 5, 9, 30);
    expect(toDateTimeLocal(date)).toBe('2026-01-05T09:30');
    expect(fromDateTimeLocal('2026-01-05T09:30')).toBe(date.toISOString());
  });
  it('is empty for no date, and null for an empty or invalid input', () => {
    expect(toDateTimeLocal(null)).toBe('');
    expect(fromDateTimeLocal('')).toBeNull();
    expect(fromDateTimeLocal('not a date')).toBeNull();
  });
  it('says a date already past (the current minute is still now; empty or invalid is not past)', () => {
    const now = new Date(2026, 4, 5, 10, 0, 30);
    expect(isPastDateTime('2019-05-05T10:00', now)).toBe(true);
    expect(isPastDateTime('2026-05-05T09:58', now)).toBe(true);
    expect(isPastDateTime('2026-05-05T10:00', now)).toBe(false);
    expect(isPastDateTime('2026-05-06T09:00', now)).toBe(false);
    expect(isPastDateTime('', now)).toBe(false);
    expect(isPastDateTime('not a date', now)).toBe(false);
  });
});
