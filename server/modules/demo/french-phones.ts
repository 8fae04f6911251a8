import type { Random } from './random.js';

/** A French number as the generator writes it, with what normalizePhone() would derive from it. */
export interface DemoPhone {
  /** As a person would have typed it: "06 12 34 56 78", "+33 6 12 34 56 78", "01.23.45.67.89"… */
  written: string;
  e164: string;
  /** Same digit forms as normalizePhone().searchForms: 33612345678, 0612345678, 612345678. */
  searchForms: [string, string, string];
}

function pairs(national: string): string[] {
  // national is 9 digits; written French numbers group "0X XX XX XX XX".
  return [national.slice(1, 3), national.slice(3, 5), national.slice(5, 7), national.slice(7, 9)];
}

/** The written forms people actually use; the generator mixes them, the tests check each one parses. */
export const WRITTEN_FORMS: readonly ((national: string) => string)[] = [
  (n) => `0${n[0]} ${pairs(n).join(' ')}`,
  (n) => `+33 ${n[0]} ${pairs(n).join(' ')}`,
  (n) => `0${n[0]}.${pairs(n).join('.')}`,
  (n) => `0${n}`,
  (n) => `+33${n}`,
  (n) => `0${n[0]}-${pairs(n).join('-')}`,
  (n) => `0033 ${n[0]} ${pairs(n).join(' ')}`,
];

/**
 * Builds the number from its 9 national digits without calling libphonenumber: normalizePhone()
 * costs ≈25 µs a call, i.e. 40 s for the phones of a million people. French numbers are regular
 * enough to derive E.164 and the search forms directly; generator.test.ts checks every generated
 * number against normalizePhone() so the two cannot drift apart.
 */
export function frenchPhone(national: string, written: string): DemoPhone {
  return { written, e164: `+33${national}`, searchForms: [`33${national}`, `0${national}`, national] };
}

/**
 * A bijection on 0..9,999,999 (multiplication by a number prime to 10, plus an offset), so the
 * k-th number handed out never repeats: each generated person has a number of their own, as in
 * life. Ten million numbers: enough for about seven million people.
 */
export class NumberPlan {
  private readonly multiplier: number;
  private readonly offset: number;
  private counter = 0;

  constructor(random: Random) {
    // Odd and not a multiple of 5: invertible modulo 10^7.
    let m = random.int(1_000_000, 9_999_999);
    while (m % 2 === 0 || m % 5 === 0) m++;
    this.multiplier = m;
    this.offset = random.int(0, 9_999_999);
  }

  /** Next 7 unique digits. */
  nextDigits(): string {
    const k = this.counter++ % 10_000_000;
    // Split the product to stay within exact double arithmetic (k and m are both < 10^7).
    const high = Math.floor(k / 10_000);
    const low = k % 10_000;
    const value = (((high * this.multiplier) % 10_000_000) * 10_000 + low * this.multiplier + this.offset) % 10_000_000;
    return String(value).padStart(7, '0');
  }
}

/**
 * The second digit of numbers in use (ARCEP plan, as libphonenumber knows it), by first digit:
 * 06 and 07 mobiles leave out 063, 069 and 070–072; landlines leave out 026, 040 and 059. Numbers
 * outside these ranges are refused when a record is saved through the API.
 */
const SECOND_DIGITS: Record<string, readonly string[]> = Object.fromEntries(
  Object.entries({ '1': '0123456789', '2': '012345789', '3': '0123456789', '4': '123456789', '5': '012345678', '6': '01245678', '7': '3456789' }).map(([first, digits]) => [first, digits.split('')]),
);

/** A mobile (06/07) or a landline whose first digit is the city's zone (01–05). */
export function makePhone(random: Random, plan: NumberPlan, zone: number | 'mobile'): DemoPhone {
  const first = zone === 'mobile' ? (random.chance(0.7) ? '6' : '7') : String(zone);
  const national = first + random.pick(SECOND_DIGITS[first]) + plan.nextDigits();
  return frenchPhone(national, random.pick(WRITTEN_FORMS)(national));
}
