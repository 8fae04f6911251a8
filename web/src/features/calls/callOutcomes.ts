/** Outcome codes offered when logging a call; stored as is, translated as `outcome.<code>`. */
export const CALL_OUTCOMES = [
  'answered',
  'no_answer',
  'voicemail',
  'busy',
  'callback_requested',
  'info_given',
  'wrong_number',
] as const;

export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export function isCallOutcome(value: string): value is CallOutcome {
  return (CALL_OUTCOMES as readonly string[]).includes(value);
}
