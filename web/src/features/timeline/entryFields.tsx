import { NativeSelect, TextInput } from '@mantine/core';
import type { Channel, Direction } from '../../lib/types.js';
import type { MessageKey } from '../../i18n/Dictionary.js';
import { useI18n } from '../../i18n/useI18n.js';
import { fromDateTimeLocal } from '../tasks/dueInput.js';
import { CALL_OUTCOMES, outcomeLabel } from '../calls/callOutcomes.js';

/** Channels where how long it lasted means something. */
export const DURATION_CHANNELS: readonly Channel[] = ['call', 'meeting'];
/** The longest duration the server takes (seven days), in minutes. */
export const MAX_DURATION_MINUTES = 7 * 24 * 60;

/**
 * The direction a channel starts with: a note is internal, a web form comes in; otherwise what was
 * chosen stays (an internal direction chosen for a note becomes incoming).
 */
export function directionFor(channel: Channel, current: Direction): Direction {
  if (channel === 'note') return 'internal';
  if (channel === 'web_form') return 'in';
  return current === 'internal' ? 'in' : current;
}

/** Clocks disagree a little: the server takes up to five minutes ahead as "now" (as it says). */
const FUTURE_LEEWAY_MS = 5 * 60_000;
const EARLIEST = Date.parse('1900-01-01T00:00:00Z');

/** Why a typed date cannot be when it happened (in the future, before 1900), else null. */
export function occurredAtProblem(local: string, now = Date.now()): MessageKey | null {
  const iso = fromDateTimeLocal(local);
  if (!iso) return null;
  const at = Date.parse(iso);
  if (at > now + FUTURE_LEEWAY_MS) return 'entry.dateFuture';
  if (at < EARLIEST) return 'entry.dateTooOld';
  return null;
}

/** "12" → 720 seconds; empty → null; anything else (or too long) → undefined: invalid. */
export function minutesToSeconds(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (!/^\d+$/.test(trimmed)) return undefined;
  const minutes = Number(trimmed);
  return minutes <= MAX_DURATION_MINUTES ? minutes * 60 : undefined;
}

/** Seconds as whole minutes for the duration field (a 95 s call shows 2). */
export const secondsToMinutes = (seconds: number | null) => (seconds ? String(Math.max(1, Math.round(seconds / 60))) : '');

/**
 * The outcome: a call's from the known codes (as the call panel stores them), any other channel's
 * in the user's words ("quote accepted"). A stored code the list does not know stays offered.
 */
export function OutcomeField({ channel, value, onChange, testId }: { channel: Channel; value: string; onChange: (value: string) => void; testId: string }) {
  const { t } = useI18n();
  if (channel === 'call') {
    const extra = value && !(CALL_OUTCOMES as readonly string[]).includes(value) ? [{ value, label: outcomeLabel(value, t) }] : [];
    return (
      <NativeSelect
        label={t('entry.outcome')}
        value={value}
        onChange={(event) => onChange(event.currentTarget.value)}
        data={[{ value: '', label: t('call.outcomePlaceholder') }, ...CALL_OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) })), ...extra]}
        data-testid={testId}
      />
    );
  }
  return (
    <TextInput
      label={t('entry.outcome')}
      placeholder={t('entry.outcomePlaceholder')}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      maxLength={60}
      data-testid={testId}
    />
  );
}
