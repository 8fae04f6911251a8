import { useEffect, useRef, useState } from 'react';
import { TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';

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
  /**
   * What the filter reads back from a text typed here, when it is not the text itself (cities:
   * "Lyon," comes back as "Lyon"): so that the text being typed is not taken for a change from outside.
   */
  readBack?: (typed: string) => string;
}) {
  const { onChange, value, readBack = (typed: string) => typed } = props;
  const [text, setText] = useState(value);
  // The filter as this field last wrote it (or was given it): what the address bar holds once
  // the write has rendered. Compared at the end of each pause, so that emptying the field always
  // writes, even right after a saved view filled it in.
  const written = useRef(value);
  const write = useDebouncedCallback((typed: string) => {
    const next = typed.trim();
    if (readBack(next) === written.current) return;
    written.current = readBack(next);
    onChange(next);
  }, 250);
  // A saved view or "clear filters" changes the value from outside: it replaces the text, and
  // drops what was typed but not yet written. Our own write coming back changes nothing, so
  // whatever was typed meanwhile stays.
  useEffect(() => {
    if (value === written.current) return;
    written.current = value;
    write.cancel();
    setText(value);
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
      onChange={(event) => {
        setText(event.currentTarget.value);
        write(event.currentTarget.value);
      }}
      data-testid={props.testId}
    />
  );
}
