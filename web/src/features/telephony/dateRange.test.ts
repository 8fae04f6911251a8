import { describe, expect, it } from 'vitest';
import { endOfDayIso, lastDays, startOfDayIso, toDateInput } from './dateRange.js';

describe('date ranges', () => {
  it('reads date inputs as local days, the end bound exclusive', () => {
    expect(startOfDayIso('2026-03-01')).toBe(new Date(2026, 2, 1).toISOString());
    expect(endOfDayIso('2026-03-31')).toBe(new Date(2026, 3, 1).toISOString());
    expect(startOfDayIso('')).toBeUndefined();
    expect(endOfDayIso('31/03/2026')).toBeUndefined();
  });

  it('gives the last n days including today', () => {
    expect(lastDays(7, new Date(2026, 2, 3, 15, 0))).toEqual({ from: '2026-02-25', to: '2026-03-03' });
    expect(toDateInput(new Date(2026, 0, 5))).toBe('2026-01-05');
  });
});
