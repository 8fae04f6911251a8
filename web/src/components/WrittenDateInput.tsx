import { TextInput, type TextInputProps } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useI18n } from '../i18n/useI18n.js';

type WrittenDateInputProps = Omit<TextInputProps, 'type' | 'value'> & {
  type: 'date' | 'datetime-local';
  value: string;
};

/**
 * The first date field under `root` holding what the browser could not read as a date: a date
 * typed without its time, half a date, 31 February. The browser then gives the field no value at
 * all, which a form would take for "now" or "no date": the form refuses instead. Each such field
 * says why beside it (its `invalid` event, see below). Null when none.
 */
export function incompleteDateField(root: HTMLElement | null): HTMLInputElement | null {
  const fields = [...(root?.querySelectorAll<HTMLInputElement>('input[type="date"], input[type="datetime-local"]') ?? [])].filter((field) => field.validity.badInput);
  for (const field of fields) field.checkValidity();
  return fields[0] ?? null;
}

/**
 * The browser's own date (and time) field, quick from the keyboard, with the chosen date written
 * out below it in the interface's language: the field itself follows the browser's language, and
 * "11/08/2026" means 11 August to one reader and 8 November to another.
 * A date the browser cannot read (see incompleteDateField) is said beside the field when it
 * loses the focus and when a form refuses it.
 */
export function WrittenDateInput({ type, value, description, error, onBlur, onInvalid, onChange, ...props }: WrittenDateInputProps) {
  const { t, locale } = useI18n();
  const [unreadable, setUnreadable] = useState(false);
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
      onChange={(event) => {
        if (unreadable && !event.currentTarget.validity.badInput) setUnreadable(false);
        onChange?.(event);
      }}
      onBlur={(event) => {
        setUnreadable(event.currentTarget.validity.badInput);
        onBlur?.(event);
      }}
      onInvalid={(event) => {
        if (event.currentTarget.validity.badInput) setUnreadable(true);
        onInvalid?.(event);
      }}
      error={error || (unreadable ? t(type === 'date' ? 'form.error.dateUnreadable' : 'form.error.dateTimeUnreadable') : undefined)}
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
