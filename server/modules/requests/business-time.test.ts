import { describe, expect, it } from 'vitest';
import { addBusinessDuration, subtractBusinessDuration, type BusinessCalendar } from './business-time.js';

const office: BusinessCalendar = {
  timeZone: 'Europe/Paris',
  hours: { '1': [['09:00', '12:30'], ['14:00', '18:00']], '2': [['09:00', '18:00']], '3': [['09:00', '18:00']], '4': [['09:00', '18:00']], '5': [['09:00', '17:00']] },
  holidays: ['2026-12-25'],
};
const at = (iso: string) => new Date(iso);

describe('working-time deadlines', () => {
  it('counts only open hours, across the weekend', () => {
    // Friday 2026-03-06 15:00 Paris (14:00Z) + 4 working hours: 2 h on Friday, 2 h on Monday morning.
    expect(addBusinessDuration(at('2026-03-06T14:00:00Z'), 'PT4H', office).toISOString()).toBe('2026-03-09T10:00:00.000Z');
  });
  it('skips the lunch break and starts at opening when created at night', () => {
    // Monday 23:00 Paris: opens Tuesday 09:00; +PT4H -> Tuesday 13:00 (Tuesday has no break).
    expect(addBusinessDuration(at('2026-03-09T22:00:00Z'), 'PT4H', office).toISOString()).toBe('2026-03-10T12:00:00.000Z');
    // Monday 11:30 Paris + 2 h: 1 h until 12:30, then 1 h from 14:00 -> 15:00 Paris.
    expect(addBusinessDuration(at('2026-03-09T10:30:00Z'), 'PT2H', office).toISOString()).toBe('2026-03-09T14:00:00.000Z');
  });
  it('counts days as working days and skips holidays', () => {
    // Thursday 2026-12-24 10:00 Paris + P1D: Friday 25th is a holiday, weekend, so Monday 28th 10:00.
    expect(addBusinessDuration(at('2026-12-24T09:00:00Z'), 'P1D', office).toISOString()).toBe('2026-12-28T09:00:00.000Z');
  });
  it('starts counting days at the next opening: made while closed, a day to go is a whole working day', () => {
    // Saturday 2026-12-05 08:00 and 10:00 Paris, Friday 20:00: all due Tuesday 09:00 with P1D (was Monday's opening, no time at all).
    for (const made of ['2026-12-05T07:00:00Z', '2026-12-05T09:00:00Z', '2026-12-04T19:00:00Z']) {
      expect(addBusinessDuration(at(made), 'P1D', office).toISOString(), made).toBe('2026-12-08T08:00:00.000Z');
    }
    // P3D from Saturday: Thursday 09:00, three working days.
    expect(addBusinessDuration(at('2026-12-05T07:00:00Z'), 'P3D', office).toISOString()).toBe('2026-12-10T08:00:00.000Z');
  });
  it('a round-the-clock team still keeps its holidays', () => {
    const always: BusinessCalendar = { timeZone: 'Europe/Paris', hours: null, holidays: ['2026-12-25'] };
    // Thursday 24 December 20:00 Paris + 6 h: 4 h on the 24th, nothing on the 25th, 2 h from midnight on the 26th.
    expect(addBusinessDuration(at('2026-12-24T19:00:00Z'), 'PT6H', always).toISOString()).toBe('2026-12-26T01:00:00.000Z');
    expect(addBusinessDuration(at('2026-12-24T10:00:00Z'), 'P1D', always).toISOString()).toBe('2026-12-26T10:00:00.000Z');
  });
  it('runs on clock time when the team works round the clock, DST included', () => {
    const always = { timeZone: 'Europe/Paris', hours: null, holidays: [] };
    expect(addBusinessDuration(at('2026-03-28T12:00:00Z'), 'P1D', always).toISOString()).toBe('2026-03-29T11:00:00.000Z');
    expect(addBusinessDuration(at('2026-03-28T12:00:00Z'), 'PT24H', always).toISOString()).toBe('2026-03-29T12:00:00.000Z');
  });
  it('goes back in working time for a warning before the deadline, across the weekend', () => {
    // Due Monday 2026-03-09 09:30 Paris; one working hour before is Friday 16:30 (Friday closes at 17:00), not a closed Monday 08:30.
    expect(subtractBusinessDuration(at('2026-03-09T08:30:00Z'), 'PT1H', office).toISOString()).toBe('2026-03-06T15:30:00.000Z');
    // Due right at Monday's opening: the half hour before is Friday's last.
    expect(subtractBusinessDuration(at('2026-03-09T08:00:00Z'), 'PT30M', office).toISOString()).toBe('2026-03-06T15:30:00.000Z');
    // Monday 14:30 Paris - 1 h: half an hour after lunch, half an hour before it -> 12:00.
    expect(subtractBusinessDuration(at('2026-03-09T13:30:00Z'), 'PT1H', office).toISOString()).toBe('2026-03-09T11:00:00.000Z');
    // Monday 2026-12-28 10:00 Paris - P1D: Friday 25th is a holiday, so Thursday 24th 10:00.
    expect(subtractBusinessDuration(at('2026-12-28T09:00:00Z'), 'P1D', office).toISOString()).toBe('2026-12-24T09:00:00.000Z');
    // Round the clock: plain clock time.
    expect(subtractBusinessDuration(at('2026-03-09T08:30:00Z'), 'PT1H', { timeZone: 'Europe/Paris', hours: null, holidays: [] }).toISOString()).toBe('2026-03-09T07:30:00.000Z');
  });
  it('counts hours as working hours however many: PT24H is due after PT23H, never a working day', () => {
    // Monday 2026-03-09 10:00 Paris; Monday is open 7.5 h from there minus the lunch break, then 9 h a day.
    const monday = at('2026-03-09T09:00:00Z');
    const due = (iso: string) => addBusinessDuration(monday, iso, office).getTime();
    for (const [shorter, longer] of [['PT8H', 'PT23H'], ['PT23H', 'PT24H'], ['PT24H', 'PT47H'], ['PT47H', 'PT48H']]) {
      expect(due(shorter), `${shorter} < ${longer}`).toBeLessThan(due(longer));
    }
    // 6.5 h on Monday (10:00–12:30, 14:00–18:00), 9 h on Tuesday, 8.5 h more on Wednesday: 17:30.
    expect(new Date(due('PT24H')).toISOString()).toBe('2026-03-11T16:30:00.000Z');
    expect(due('PT90M')).toBe(due('PT1H30M'));
  });
  it('keeps an hour-based deadline to the real hours across a clock change, holidays or not', () => {
    const always: BusinessCalendar = { timeZone: 'Europe/Paris', hours: null, holidays: ['2026-12-25'] };
    // Saturday 28 March 2026 12:00 Paris, the night the clocks go forward: 24 real hours later.
    expect(addBusinessDuration(at('2026-03-28T11:00:00Z'), 'PT24H', always).toISOString()).toBe('2026-03-29T11:00:00.000Z');
  });
  it('refuses what is not an ISO 8601 duration', () => {
    expect(() => addBusinessDuration(at('2026-03-02T08:00:00Z'), '4 hours', office)).toThrow(/ISO 8601/);
  });
});
