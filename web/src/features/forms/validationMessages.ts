import type { MessageKey, Translate } from '../../i18n/Dictionary.js';
import { customFieldErrorKey } from '../records/customFieldValues.js';

/**
 * The server's validation messages (English, in `details[].message` of a 400 VALIDATION_FAILED)
 * that the web app knows, by how they start. Custom field messages have their own list.
 */
const SERVER_MESSAGES: [pattern: RegExp, key: MessageKey][] = [
  [/^not a phone number/i, 'form.error.phone'],
  [/^a first or last name is required/i, 'form.nameRequired'],
  [/^a name is required/i, 'form.error.name'],
  [/^invalid email/i, 'form.error.email'],
  [/^unknown field/i, 'form.error.unknownField'],
  [/^unknown organisation/i, 'form.error.unknownOrganisation'],
  [/^ISO 3166 alpha-2/i, 'form.error.country'],
  [/^an address needs/i, 'form.error.emptyAddress'],
  [/^too big/i, 'form.error.tooLong'],
  // A timeline entry's date (server/modules/timeline/timeline.service.ts).
  [/^in the future/i, 'entry.dateFuture'],
  [/^before 1900/i, 'entry.dateTooOld'],
  [/^set by the phone system/i, 'entry.phoneSystemFixed'],
  // Zod's message for an empty required text (min(1)).
  [/^too small: expected string to have >=1 characters?/i, 'common.required'],
];

/** The message key of a known server validation message. */
export function validationMessageKey(message: string): MessageKey | undefined {
  return customFieldErrorKey(message) ?? SERVER_MESSAGES.find(([pattern]) => pattern.test(message))?.[1];
}

/** A field's error in the user's language: a known message translated, any other a generic "invalid value". */
export function localiseFieldError(message: string, t: Translate): string {
  const key = validationMessageKey(message);
  return t(key ?? 'form.error.invalid');
}
