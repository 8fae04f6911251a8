import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/ApiError.js';
import { en as english } from '../../i18n/en.js';
import { fr as french } from '../../i18n/fr.js';
import type { MessageKey } from '../../i18n/Dictionary.js';
import { fieldErrors } from './fieldErrors.js';

// The dictionaries directly: i18n.ts reads the browser's language, absent here.
const fr = (key: MessageKey) => french[key];
const en = (key: MessageKey) => english[key];
const invalid = (details: { path: string; message: string }[]) => new ApiError(400, 'VALIDATION_FAILED', 'Invalid fields', details);

describe('fieldErrors', () => {
  it('puts each server message on its form row, in the user’s language', () => {
    const error = invalid([
      { path: 'phones.0.number', message: 'not a phone number' },
      { path: 'emails.1.address', message: 'Invalid email address' },
      { path: 'lastName', message: 'a first or last name is required' },
      { path: 'customFields.size', message: 'expected a number' },
      { path: 'customFields.gone', message: 'unknown custom field' },
      { path: 'customFields.since', message: 'expected a date YYYY-MM-DD' },
    ]);
    // The empty first phone row was not sent: the server's phone 0 is the form's row 1.
    expect(fieldErrors(error, { phones: [1], emails: [0, 2] }, fr)).toEqual({
      'phones.1.number': 'Ce numéro de téléphone n’existe pas. Vérifiez-le (10 chiffres en France, ou +indicatif).',
      'emails.2.address': 'Adresse e-mail non valide.',
      lastName: 'Saisissez un prénom ou un nom.',
      'customFields.size': 'Saisissez un nombre, par ex. 12 ou 4,5.',
      'customFields.gone': 'Ce champ n’existe plus.',
      'customFields.since': 'Saisissez une date.',
    });
    expect(fieldErrors(error, {}, en)['phones.0.number']).toBe('This phone number does not exist. Check it (10 digits in France, or +country code).');
  });

  it('says beside a relationship’s row that its type is missing or its linked record was deleted', () => {
    const error = invalid([
      { path: 'relationships.0.type', message: 'Too small: expected string to have >=1 characters' },
      { path: 'relationships.1.targetId', message: 'not found' },
    ]);
    // The form's first row was empty and not sent.
    expect(fieldErrors(error, { relationships: [1, 2] }, fr)).toEqual({
      'relationships.1.type': 'Obligatoire',
      'relationships.2.targetId': 'Cette fiche n’existe plus.',
    });
  });

  it('gives unknown messages a generic text rather than the server’s English', () => {
    const error = invalid([{ path: 'tags.0', message: 'Invalid input: expected number, received string' }]);
    expect(fieldErrors(error, {}, fr)).toEqual({ 'tags.0': 'Valeur non valide.' });
    // An empty required text, in Zod's words, is "required" in the reader's language.
    const empty = invalid([{ path: 'subject', message: 'Too small: expected string to have >=1 characters' }]);
    expect(fieldErrors(empty, {}, fr)).toEqual({ subject: 'Obligatoire' });
    expect(fieldErrors(new Error('boom'), {}, fr)).toEqual({});
  });
});
