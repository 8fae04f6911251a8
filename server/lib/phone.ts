import { getCountries, getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** A phone number as typed, read in the installation's default region (decision D10). */
export interface NormalizedPhone {
  /** +33612345678, or null when the text is not a possible phone number. */
  e164: string | null;
  /** Digit forms a person might type, for search: 33612345678, 0612345678, 612345678. */
  searchForms: string[];
  /** Whether the number has the default region's country code: search then finds it by its E.164 form (e164SearchPrefixes). */
  home: boolean;
}

function parse(text: string, defaultRegion: string) {
  // "00" is the international prefix in most of Europe; libphonenumber only knows it relative to a region.
  const parsed = parsePhoneNumberFromString(text.trim().replace(/^\s*00/, '+'), defaultRegion as CountryCode);
  return parsed && parsed.isPossible() ? parsed : null;
}

/** The E.164 form only, for caller lookup: skips formatting the search forms (a hot path). */
export function toE164(text: string, defaultRegion: string): string | null {
  return (parse(text, defaultRegion)?.number as string | undefined) ?? null;
}

/**
 * Whether a typed number is a real number of its country's numbering plan ("06 55 44 33 1", a
 * digit short, is not). What people save must be; lookups of incoming calls stay lenient.
 */
export function isValidPhone(text: string, defaultRegion: string): boolean {
  return parse(text, defaultRegion)?.isValid() ?? false;
}

/** "06 12 34 56 78", "+33 6 12 34 56 78", "0033612345678", "06.12.34.56.78" -> "+33612345678". */
export function normalizePhone(text: string, defaultRegion: string): NormalizedPhone {
  const trimmed = text.trim();
  const parsed = parse(trimmed, defaultRegion);
  if (!parsed) {
    return { e164: null, searchForms: digitsOnly(trimmed) ? [digitsOnly(trimmed)] : [], home: false };
  }
  const e164 = parsed.number as string;
  const international = e164.slice(1);
  const national = parsed.nationalNumber as string;
  const nationalWithTrunk = parsed.formatNational().replace(/\D/g, '');
  const home = parsed.countryCallingCode === getCountryCallingCode(defaultRegion as CountryCode);
  return { e164, searchForms: [...new Set([international, nationalWithTrunk, national])], home };
}

/**
 * The digit forms of a number that go into its record's full-text search document. None for a
 * number of the default region: search finds those through contact_points' E.164 index
 * (e164SearchPrefixes), and millions of distinct numbers would otherwise make most of the
 * full-text index. Numbers from abroad keep their forms, so their own national format finds them
 * ("0470 12…" for a Belgian mobile), as do texts that are no possible number.
 */
export function fullTextPhoneForms(text: string, defaultRegion: string): string[] {
  const phone = normalizePhone(text, defaultRegion);
  return phone.home ? [] : phone.searchForms;
}

/**
 * The beginnings of E.164 numbers a typed, possibly partial number may stand for: "+33 6 12" and
 * "0033 6 12" -> +33612; "06 12" -> +33612 (trunk 0 dropped; kept too, for regions where it is
 * part of the number); "33 6 12" and "6 12" -> as typed after "+", and after the region's code.
 */
export function e164SearchPrefixes(query: string, defaultRegion: string): string[] {
  const trimmed = query.trim();
  const digits = digitsOnly(trimmed);
  if (trimmed.startsWith('+') || digits.startsWith('00')) return internationalDigitForms(digits.replace(/^00/, '')).map((d) => `+${d}`);
  const code = getCountryCallingCode(defaultRegion as CountryCode);
  return [...new Set([`+${digits}`, `+${code}${digits}`, `+${code}${digits.replace(/^0/, '')}`])];
}

/** Every country calling code ("33", "1", "352"…); no code is the beginning of another. */
const CALLING_CODES = new Set(getCountries().map((country) => getCountryCallingCode(country)));

/**
 * The digits of a number written internationally, without "+" or "00", and the same without the
 * national trunk 0 written after the country code, as business cards do ("+33 (0)6 12…" is
 * +33 6 12…). Both are kept: in Italy the 0 belongs to the number (+39 06…).
 */
export function internationalDigitForms(digits: string): string[] {
  for (const length of [1, 2, 3]) {
    const code = digits.slice(0, length);
    if (CALLING_CODES.has(code)) return digits[length] === '0' ? [digits, code + digits.slice(length + 1)] : [digits];
  }
  return [digits];
}

export function digitsOnly(text: string): string {
  return text.replace(/\D/g, '');
}

/** Whether a search query is a phone number being typed rather than a name. */
export function looksLikePhone(query: string): boolean {
  return /^[\s\d+().\/-]+$/.test(query) && digitsOnly(query).length >= 3;
}

/**
 * How a PBX wants a number dialled: `national` — numbers of the installation's region as dialled
 * at home ("0612345678"), others with the "00" international prefix; `e164` — "+33612345678";
 * `international` — "0033612345678" for every number.
 */
export const DIAL_FORMATS = ['national', 'e164', 'international'] as const;
export type DialFormat = (typeof DIAL_FORMATS)[number];

export function dialString(e164: string, format: DialFormat, defaultRegion: string): string {
  if (format === 'e164') return e164;
  const parsed = parsePhoneNumberFromString(e164);
  if (format === 'national' && parsed?.country === defaultRegion) return parsed.formatNational().replace(/\D/g, '');
  return `00${e164.slice(1)}`;
}
