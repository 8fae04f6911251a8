/**
 * QUALITY 17: the phone number handling is property-tested. Any text gets an answer without an
 * exception (long or strange input included); a real French number written any way people write
 * it gives one E.164 form, which reads back as itself and dials back to the same number.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dialString, e164SearchPrefixes, fullTextPhoneForms, isValidPhone, looksLikePhone, normalizePhone, toE164 } from './phone.js';

const RUNS = Number(process.env.RELAIS_FUZZ_RUNS ?? 300);

/** A French landline, mobile or VoIP number: 0 + a two-digit prefix allocated whole (ARCEP plan) + 7 digits. */
const ALLOCATED = '12 15 20 23 31 35 41 47 50 56 60 61 62 64 65 66 67 68 73 75 77 78 79 95 97'.split(' ');
const frenchNational = fc.tuple(fc.constantFrom(...ALLOCATED), fc.stringMatching(/^\d{7}$/)).map(([prefix, rest]) => `0${prefix}${rest}`);

/** The ways people write a national number: grouped by two with spaces, dots or dashes, +33, 0033. */
function writtenForms(national: string): string[] {
  const pairs = national.match(/\d{2}/g)!;
  const international = national.slice(1);
  return [
    national,
    pairs.join(' '),
    pairs.join('.'),
    pairs.join('-'),
    ` ${pairs.join(' ')} `,
    `+33 ${international[0]} ${international.slice(1).match(/\d{2}/g)!.join(' ')}`,
    `+33${international}`,
    `0033${international}`,
    `00 33 ${international}`,
    `+33 (0)${international}`,
  ];
}

describe('phone numbers (property-based)', () => {
  it('answers any text without throwing, and only E.164 or null', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: fc.constantFrom(...'0123456789 +().-/#*x\u00a0'.split('')), maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 })), (text) => {
        const normalized = normalizePhone(text, 'FR');
        expect(normalized.e164 === null || /^\+\d{4,15}$/.test(normalized.e164)).toBe(true);
        expect(toE164(text, 'FR')).toBe(normalized.e164);
        expect(typeof isValidPhone(text, 'FR')).toBe('boolean');
        expect(typeof looksLikePhone(text)).toBe('boolean');
        expect(Array.isArray(fullTextPhoneForms(text, 'FR'))).toBe(true);
        for (const prefix of e164SearchPrefixes(text, 'FR')) expect(prefix.startsWith('+')).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('finishes on very long input', () => {
    for (const text of ['0'.repeat(100_000), '+'.repeat(100_000), '06 '.repeat(30_000), 'é'.repeat(100_000)]) {
      expect(normalizePhone(text, 'FR').e164).toBeNull();
      expect(isValidPhone(text, 'FR')).toBe(false);
    }
  });

  it('reads every written form of a real French number as the same E.164 number, which reads back as itself', () => {
    fc.assert(
      fc.property(frenchNational, (national) => {
        const e164 = `+33${national.slice(1)}`;
        for (const written of writtenForms(national)) {
          expect(normalizePhone(written, 'FR').e164, written).toBe(e164);
          expect(isValidPhone(written, 'FR'), written).toBe(true);
        }
        expect(normalizePhone(e164, 'FR').e164).toBe(e164);
        // Read from another region, the international form means the same number.
        expect(normalizePhone(e164, 'BE').e164).toBe(e164);
        expect(dialString(e164, 'national', 'FR')).toBe(national);
        expect(dialString(e164, 'international', 'FR')).toBe(`00${e164.slice(1)}`);
        // Typing its beginning, in the national form, finds it by its E.164 beginning.
        const typed = national.slice(0, 6);
        expect(e164SearchPrefixes(typed, 'FR').some((prefix) => e164.startsWith(prefix))).toBe(true);
        // As business cards write it, the trunk 0 after the country code: "+33 (0)6 12…", "0033 06 12…".
        for (const card of [`+33 (0)${national.slice(1, 6)}`, `0033 ${national.slice(0, 6)}`]) {
          expect(e164SearchPrefixes(card, 'FR').some((prefix) => e164.startsWith(prefix)), card).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a real number with a digit missing or added', () => {
    fc.assert(
      fc.property(frenchNational, fc.boolean(), (national, shorter) => {
        const wrong = shorter ? national.slice(0, -1) : `${national}7`;
        expect(isValidPhone(wrong, 'FR'), wrong).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });
});
