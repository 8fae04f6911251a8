import { TextInput, type TextInputProps } from '@mantine/core';
import { useMemo } from 'react';
import { useI18n } from '../i18n/useI18n.js';

type WrittenDateInputProps = Omit<TextInputProps, 'type' | 'value'> & {
  type: 'date' | 'datetime-local';
  value: string;
};

/**
 * The browser's own date (and time) field, quick from the keyboard, with the chosen date written
 * out below it in the interface's language: the field itself follows the browser's language, and
 * "11/08/2026" means 11 August to one reader and 8 November to another.
 */
export function WrittenDateInput({ type, value, description, ...props }: WrittenDateInputProps) {
  const { locale } = useI18n();
  const written = useMemo(() => {
    if (!value) return '';
    const date = new Date(type === 'date' ? `${value}T12:00:00` : value);
    if (Number.isNaN(date.getTime())) return '';
    return new Intl.DateTimeFormat(locale, type === 'date' ? { dateStyle: 'full' } : { dateStyle: 'full', timeStyle: 'short' }).format(date);
  }, [type, value, locale]);
  return (
    <TextInput
      {...props}
      type={type}
      value={value}
      description={
        written ? (
          <>
            {description}
            {description ? ' · ' : null}
            <span data-testid="written-date">{written}</span>
          </>
        ) : (
          description
        )
      }
    />
  );
}
