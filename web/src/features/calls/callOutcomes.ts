import type { Translate } from '../../i18n/Dictionary.js';

/**
 * Outcome codes offered when logging a call; stored as is (an API contract), translated as
 * `outcome.<code>`. `reached` is the server's and the demo's code for a call that got through.
 */
export const CALL_OUTCOMES = [
  'reached',
  'no_answer',
  'voicemail',
  'busy',
  'callback_requested',
  'info_given',
  'wrong_number',
] as const;

/**
 * Every code that may be stored, with a label: the ones offered, `answered` (what this form sent
 * before it used the server's `reached`) and `missed` (written by telephony for an unanswered call;
 * it writes `voicemail` too).
 */
export const KNOWN_OUTCOMES = [...CALL_OUTCOMES, 'answered', 'missed'] as const;

export type CallOutcome = (typeof KNOWN_OUTCOMES)[number];

export function isCallOutcome(value: string): value is CallOutcome {
  return (KNOWN_OUTCOMES as readonly string[]).includes(value);
}

/**
 * The label of an outcome: known codes translated; anything else (another integration's code,
 * free text) as written, only made readable: "left_message" reads "Left message".
 */
export function outcomeLabel(outcome: string, t: Translate): string {
  if (isCallOutcome(outcome)) return t(`outcome.${outcome}`);
  const text = outcome.replace(/_/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}
