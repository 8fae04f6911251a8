import { Badge } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import type { CallState } from './types.js';

const COLORS: Record<CallState, string> = { ringing: 'teal', answered: 'blue', ended: 'green', missed: 'red', voicemail: 'orange' };

/** A call's state: ringing, in progress, answered (ended), missed, voicemail. */
export function CallStateBadge({ state }: { state: CallState }) {
  const { t } = useI18n();
  return (
    <Badge size="sm" variant="light" color={COLORS[state] ?? 'gray'} data-testid="call-state" data-state={state}>
      {t(`callState.${state}`)}
    </Badge>
  );
}
