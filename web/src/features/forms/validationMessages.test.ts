import { describe, expect, it } from 'vitest';
import type { MessageKey, Translate } from '../../i18n/Dictionary.js';
import { fr } from '../../i18n/fr.js';
import { addressInput } from '../../../../server/modules/parties/parties.schemas.js';
import { localiseFieldError } from './validationMessages.js';

// The dictionary's own text, as i18n.t gives it (i18n.ts itself needs a browser).
const t: Translate = (key: MessageKey) => fr[key];

/** The message the server's own schema gives for an address's country. */
const countryMessage = (country: string) => {
  const result = addressInput.safeParse({ city: 'Londres', country });
  if (result.success) throw new Error(`${country} was accepted`);
  return result.error.issues[0].message;
};

describe('server validation messages in the French interface', () => {
  it('tells a malformed country code from one no country has', () => {
    expect(localiseFieldError(countryMessage('F1'), t)).toBe('Code pays à deux lettres, par ex. FR.');
    expect(localiseFieldError(countryMessage('UK'), t)).toBe('Aucun pays n’a ce code (le Royaume-Uni est GB), par ex. FR.');
  });
});
