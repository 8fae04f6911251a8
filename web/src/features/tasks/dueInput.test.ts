import { describe, expect, it } from 'vitest';
import { fromDateTimeLocal, toDateTimeLocal } from './dueInput.js';

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
});
