import type { MessageKey, Translate } from '../../i18n/Dictionary.js';
import type { Language } from '../../i18n/i18n.js';
import { customFieldErrorKey } from '../records/customFieldValues.js';

/**
 * The server's validation messages (English, in `details[].message` of a 400 VALIDATION_FAILED or
 * a 409 ALREADY_EXISTS) that the web app knows, by how they start. Custom field messages have their own list.
 */
const SERVER_MESSAGES: [pattern: RegExp, key: MessageKey][] = [
  [/^not a phone number/i, 'form.error.phone'],
  [/^a first or last name is required/i, 'form.nameRequired'],
  [/^a name is required/i, 'form.error.name'],
  [/^(invalid email|not an e-mail address)/i, 'form.error.email'],
  [/^unknown field/i, 'form.error.unknownField'],
  [/^unknown organisation/i, 'form.error.unknownOrganisation'],
  [/^ISO 3166 alpha-2/i, 'form.error.country'],
  [/^not an ISO 3166 country code/i, 'form.error.unknownCountry'],
  [/^an address needs/i, 'form.error.emptyAddress'],
  [/^not a postal code of its country/i, 'form.error.postalCode'],
  [/^too big/i, 'form.error.tooLong'],
  // A timeline entry's date (server/modules/timeline/timeline.service.ts).
  [/^in the future/i, 'entry.dateFuture'],
  [/^before 1900/i, 'entry.dateTooOld'],
  [/^set by the phone system/i, 'entry.phoneSystemFixed'],
  [/^1 to 200 characters/i, 'form.error.tooLong'],
  // Zod's message for an empty required text (min(1)).
  [/^too small: expected string to have >=1 characters?/i, 'common.required'],
  [/^already used/i, 'form.error.alreadyUsed'],
  [/^not your current password/i, 'form.error.notCurrentPassword'],
  [/^required for a Twilio integration/i, 'form.error.twilioToken'],
  [/^a record cannot be related to itself/i, 'form.error.selfRelationship'],
  [/^(an |invalid )?ISO 8601 duration/i, 'form.error.duration'],
  [/^between one minute/i, 'form.error.durationRange'],
  [/^a time from 00:00 to 24:00/i, 'form.error.clockTime'],
  [/^opens before it closes/i, 'form.error.opensBeforeCloses'],
  [/^invalid ISO date/i, 'form.error.isoDate'],
  [/^unknown time zone/i, 'form.error.timeZone'],
  [/^lower-case letters, digits/i, 'form.error.keyFormat'],
  [/is not a public address/i, 'form.error.notPublicAddress'],
  [/^(not an active (sales user|seller)|unknown or disabled user|unknown user)/i, 'form.error.unknownUser'],
  [/^unknown team/i, 'form.error.unknownTeam'],
  [/^unknown relationship type/i, 'form.error.unknownRelationshipType'],
  // A linked record (a relationship's target, a task's person) deleted meanwhile.
  [/^not found$/i, 'form.error.recordGone'],
  [/^required\b/i, 'common.required'],
  [/^unknown sort/i, 'list.error.unknownSort'],
  [/^unknown filter/i, 'list.error.unknownFilter'],
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

/** One issue of an error's details: some (the password rules) carry their own French. */
export interface IssueText {
  message: string;
  messageFr?: unknown;
}

/**
 * An issue's message in the user's language: the server's own French when it sends one, a known
 * message translated; otherwise the server's words in English, and in French the generic "invalid
 * value" — never English in the French interface.
 */
export function localiseIssue(issue: IssueText, t: Translate, lang: Language): string {
  if (lang === 'fr' && typeof issue.messageFr === 'string' && issue.messageFr) return issue.messageFr;
  const key = validationMessageKey(issue.message);
  if (key) return t(key);
  return lang === 'en' && issue.message ? issue.message : t('form.error.invalid');
}
