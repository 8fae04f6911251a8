import { useEffect, useState } from 'react';
import { TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';

/** A text filter that writes to the address bar only once the user pauses typing. */
export function FilterText(props: {
  label: string;
  placeholder?: string;
  value: string;
  onChange: (v: string) => void;
  testId: string;
  type?: 'text' | 'date';
  inputMode?: 'decimal';
  error?: string;
  w?: number;
}) {
  const [text, setText] = useState(props.value);
  const [debounced] = useDebouncedValue(text, 250);
  const { onChange, value } = props;
  useEffect(() => {
    if (debounced.trim() !== value) onChange(debounced.trim());
    // Only the debounced text drives the update; `value` follows from it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);
  // A saved view or "clear filters" changes the value from outside.
  useEffect(() => {
    if (value !== text.trim()) setText(value);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return (
    <TextInput
      size="sm"
      label={props.label}
      placeholder={props.placeholder}
      type={props.type}
      inputMode={props.inputMode}
      error={props.error}
      w={props.w}
      value={text}
      onChange={(event) => setText(event.currentTarget.value)}
      data-testid={props.testId}
    />
  );
}
