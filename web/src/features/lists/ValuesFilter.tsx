import type { ComponentProps } from 'react';
import { MultiSelect } from '@mantine/core';
import type { ValuesChange } from './useListState.js';

/** The "no value" choice: no tag, owner id or relationship key starts with a space (all are trimmed). */
const NONE = ' none';

interface ValuesFilterProps {
  label: string;
  /** The values offered, with their labels. */
  data: { value: string; label: string }[];
  values: string[];
  /** Whether the filter asks for the records with no value (`missing=`). */
  none: boolean;
  /** "No tag", "No owner"…: the choice of records with no value. */
  noneLabel: string;
  onChange: (change: ValuesChange) => void;
  testId: string;
  /** 200 px beside the other filters; a phone gives the whole width, so the chosen names stay readable. */
  w?: number | string;
}

/**
 * A filter on several values (records having any of them), or on no value at all: picking "no
 * value" drops the values, picking a value drops "no value".
 */
export function ValuesFilter({ label, data, values, none, noneLabel, onChange, testId, w = 200 }: ValuesFilterProps) {
  // A view or a link may name a value gone since (a deleted type): shown as written rather than dropped.
  const known = new Set(data.map((d) => d.value));
  const options = [{ value: NONE, label: noneLabel }, ...data, ...values.filter((v) => !known.has(v)).map((v) => ({ value: v, label: v }))];
  const selected = none ? [NONE] : values;
  return (
    <MultiSelect
      size="sm"
      label={label}
      data={options}
      value={selected}
      // Told as what was added and removed: the values shown may be a render behind the address bar.
      onChange={(next) => {
        const add = next.filter((v) => !selected.includes(v));
        const remove = selected.filter((v) => !next.includes(v) && v !== NONE);
        if (add.includes(NONE)) onChange({ none: true });
        else onChange({ add, remove });
      }}
      searchable
      // Typing narrows the list; Enter then takes its first option, without reaching for the arrows.
      selectFirstOptionOnChange
      clearable
      w={w}
      hiddenInputProps={{ 'data-testid': `${testId}-values` } as ComponentProps<'input'>}
      data-testid={testId}
    />
  );
}
