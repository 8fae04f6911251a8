import type { MessageKey } from '../../i18n/Dictionary.js';
import type { FollowUpChoice } from './followUpDate.js';

/** Label of each follow-up choice (quick capture and after-call form). */
export const FOLLOW_UP_LABELS: Record<FollowUpChoice, MessageKey> = {
  none: 'followUp.none',
  tomorrow: 'followUp.tomorrow',
  '1w': 'followUp.1w',
  '1m': 'followUp.1m',
  '3m': 'followUp.3m',
  '6m': 'followUp.6m',
  custom: 'followUp.custom',
};
