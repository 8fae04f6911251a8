import { describe, expect, it } from 'vitest';
import { DURATION_UNITS, durationInWords, parseSimpleDuration, toIsoDuration } from './isoDuration.js';

describe('deadlines as a number and a unit', () => {
  it('reads back what the server stores in one unit, and writes it the same way', () => {
    expect(parseSimpleDuration('PT4H')).toEqual({ amount: 4, unit: 'hours' });
    expect(parseSimpleDuration('P2D')).toEqual({ amount: 2, unit: 'days' });
    expect(parseSimpleDuration('PT90M')).toEqual({ amount: 90, unit: 'minutes' });
    expect(parseSimpleDuration('P1W')).toEqual({ amount: 1, unit: 'weeks' });
    for (const iso of ['PT4H', 'P2D', 'PT90M', 'P1W', 'PT24H', 'P10D']) expect(toIsoDuration(parseSimpleDuration(iso)!)).toBe(iso);
    for (const unit of DURATION_UNITS) expect(parseSimpleDuration(toIsoDuration({ amount: 7, unit }))).toEqual({ amount: 7, unit });
  });

  it('never converts: 2 days stay P2D and 24 hours PT24H (working days and working hours differ)', () => {
    expect(toIsoDuration({ amount: 2, unit: 'days' })).toBe('P2D');
    expect(toIsoDuration({ amount: 24, unit: 'hours' })).toBe('PT24H');
    expect(toIsoDuration({ amount: 60, unit: 'minutes' })).toBe('PT60M');
  });

  it('is empty for no value, and leaves what one number and unit cannot say to be kept as written', () => {
    expect(parseSimpleDuration('')).toBeNull();
    expect(parseSimpleDuration('  ')).toBeNull();
    for (const iso of ['P1DT2H', 'P1M', 'P1Y', 'PT30S', 'pt4h', 'P', '4 heures', 'PT1H30M']) expect(parseSimpleDuration(iso), iso).toBeUndefined();
  });

  it('says a duration in words in French and in English, combined ones included', () => {
    // French keeps the number with its unit by a no-break space.
    const words = (iso: string, lang: 'fr' | 'en') => durationInWords(iso, lang).replace(/[\u00a0\u202f]/g, ' ');
    expect(words('PT4H', 'fr')).toBe('4 heures');
    expect(words('PT1H', 'fr')).toBe('1 heure');
    expect(words('P2D', 'en')).toBe('2 days');
    expect(words('P1D', 'en')).toBe('1 day');
    expect(words('P1DT2H', 'fr')).toBe('1 jour et 2 heures');
    expect(words('P1DT2H', 'en')).toBe('1 day and 2 hours');
    expect(words('P1W', 'fr')).toBe('1 semaine');
    expect(words('PT1H30M', 'en')).toBe('1 hour and 30 minutes');
    expect(words('P1Y2M3DT4H5M6S', 'en')).toBe('1 year, 2 months, 3 days, 4 hours, 5 minutes and 6 seconds');
    // Not a duration: as written.
    expect(words('4 heures', 'fr')).toBe('4 heures');
  });
});
