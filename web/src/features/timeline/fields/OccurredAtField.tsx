import { useI18n } from '../../../i18n/useI18n.js';
import { toDateTimeLocal } from '../../tasks/dueInput.js';
import { WrittenDateInput } from '../../../components/WrittenDateInput.js';

interface OccurredAtFieldProps {
  /** A datetime-local value ("2026-03-02T09:30"), "" for none. */
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  /** Said below the label (e.g. "empty: now"). */
  description?: string;
  required?: boolean;
  testId: string;
  miw?: number;
}

/** When a timeline entry happened: a past date and time (the picker stops at now). */
export function OccurredAtField({ value, onChange, error, description, required, testId, miw }: OccurredAtFieldProps) {
  const { t } = useI18n();
  return (
    <WrittenDateInput
      type="datetime-local"
      label={t('entry.occurredAt')}
      description={description}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      // What happened is past: the picker stops at now (the task list is for what is to come).
      max={toDateTimeLocal(new Date())}
      error={error}
      required={required}
      data-testid={testId}
      miw={miw}
    />
  );
}
