import { TextInput } from '@mantine/core';
import { useI18n } from '../../../i18n/useI18n.js';

/** How long a call or meeting lasted, in whole minutes (see minutesToSeconds). */
export function DurationField({ value, onChange, error, testId, miw }: { value: string; onChange: (value: string) => void; error: string | null; testId: string; miw?: number }) {
  const { t } = useI18n();
  return (
    <TextInput
      label={t('entry.duration')}
      inputMode="numeric"
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      error={error}
      data-testid={testId}
      miw={miw}
    />
  );
}
