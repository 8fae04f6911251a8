import validator from 'validator';

const CHECKED = new Set<string>(validator.isPostalCodeLocales);

/**
 * Whether `postalCode` cannot be a postal code of `country` (ISO 3166 alpha-2): "ABCDE" in France,
 * "7501" in Germany. Countries whose format validator.js does not know (about a third of them) and
 * addresses with no country are not checked: a code is refused only when it surely is wrong.
 */
export function isWrongPostalCode(postalCode: string | undefined | null, country: string | undefined | null): boolean {
  if (!postalCode || !country || !CHECKED.has(country)) return false;
  return !validator.isPostalCode(postalCode, country as validator.PostalCodeLocale);
}

/** The message of a refused postal code, in `details[].message` (the web app translates it by its start). */
export const WRONG_POSTAL_CODE = 'not a postal code of its country';
