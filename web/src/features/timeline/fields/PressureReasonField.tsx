import type { KeyboardEvent } from 'react';
import { TextInput } from '@mantine/core';
import { useI18n } from '../../../i18n/useI18n.js';

/** Why a contact goes ahead over a contact-pressure cap or a refused consent: the server records it with the entry. */
export function PressureReasonField({
  value,
  onChange,
  required = true,
  autoFocus = false,
  onKeyDown,
  testId,
}: {
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  autoFocus?: boolean;
  onKeyDown?: (event: KeyboardEvent<HTMLInputElement>) => void;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <TextInput
      label={t('pressure.reason')}
      description={t('pressure.reasonHint')}
      placeholder={t('pressure.reasonPlaceholder')}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      required={required}
      data-autofocus={autoFocus || undefined}
      onKeyDown={onKeyDown}
      data-testid={testId}
    />
  );
}
