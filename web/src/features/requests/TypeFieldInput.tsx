import { TextInput } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import { localiseFieldError } from '../forms/validationMessages.js';
import { localLabel } from './labels.js';

export { fromFieldValues, toFieldValues } from './fieldValues.js';
import type { RequestFieldDef } from './types.js';

interface TypeFieldInputProps {
  field: RequestFieldDef;
  /** As typed; `toFieldValues` converts on submit. */
  value: string;
  onChange: (value: string) => void;
  required: boolean;
  error?: string;
  testId: string;
}

/** An input for one of a request type's own fields (text, number or date). */
export function TypeFieldInput({ field, value, onChange, required, error, testId }: TypeFieldInputProps) {
  const { lang } = useI18n();
  return (
    <TextInput
      label={localLabel(field, lang, field.key)}
      // Numbers as text with a decimal keypad: "240,50" is how a French user writes them.
      type={field.type === 'date' ? 'date' : 'text'}
      inputMode={field.type === 'number' ? 'decimal' : undefined}
      // The asterisk only: the server names what is missing, so a half-filled form can still be sent.
      withAsterisk={required}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      error={error}
      errorProps={{ 'data-testid': `${testId}-error` }}
      data-testid={testId}
    />
  );
}

/** Server messages for missing fields ("required for status X") in the user's language. */
export function requiredMessage(message: string | undefined, statusName: string, t: ReturnType<typeof useI18n>['t']): string | undefined {
  if (!message) return undefined;
  return message.startsWith('required') ? t('requests.requiredFor', { status: statusName }) : localiseFieldError(message, t);
}

