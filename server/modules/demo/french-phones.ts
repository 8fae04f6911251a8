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
 * A bijection on 0..99,999,999 (multiplication by a number prime to 10, plus an offset), so the
 * k-th number handed out never repeats: each generated person has a number of their own, as in life.
 */
export class NumberPlan {
  private readonly multiplier: number;
  private readonly offset: number;
  private counter = 0;

  constructor(random: Random) {
    // Odd and not a multiple of 5: invertible modulo 10^8.
    let m = random.int(10_000_000, 99_999_999);
    while (m % 2 === 0 || m % 5 === 0) m++;
    this.multiplier = m;
    this.offset = random.int(0, 99_999_999);
  }

  /** Next 8 unique digits. */
  nextDigits(): string {
    const k = this.counter++;
    // Split the product to stay within exact double arithmetic (k and m are both < 10^8).
    const high = Math.floor(k / 10_000);
    const low = k % 10_000;
    const value = (((high * this.multiplier) % 100_000_000) * 10_000 + low * this.multiplier + this.offset) % 100_000_000;
    return String(value).padStart(8, '0');
  }
}

/** A mobile (06/07) or a landline whose first digit is the city's zone (01–05). */
export function makePhone(random: Random, plan: NumberPlan, zone: number | 'mobile'): DemoPhone {
  const first = zone === 'mobile' ? (random.chance(0.7) ? '6' : '7') : String(zone);
  const national = first + plan.nextDigits();
  return frenchPhone(national, random.pick(WRITTEN_FORMS)(national));
}
