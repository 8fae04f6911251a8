import { Select } from '@mantine/core';
import type { EntityType } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { usePerson } from '../people/usePerson.js';
import { useOrganisation } from '../organisations/useOrganisation.js';
import { useSearchField } from '../records/useRecordSearch.js';

/** A person or an organisation, by kind and id. */
export interface RecordRef {
  type: EntityType;
  id: string;
}

interface RecordPickerProps {
  label: string;
  placeholder?: string;
  value: RecordRef | null;
  onChange: (value: RecordRef | null) => void;
  /** The record being edited: not offered. */
  excludeId?: string;
  error?: string;
  testId?: string;
}

const keyOf = (r: RecordRef) => `${r.type}:${r.id}`;

/** One person or organisation, found by typing part of its name (the global search); clearable. */
export function RecordPicker({ label, placeholder, value, onChange, excludeId, error, testId }: RecordPickerProps) {
  const { t } = useI18n();
  const { hits, fieldProps } = useSearchField();
  // The chosen record is an option even when the search does not find it (a saved relationship).
  const person = usePerson(value?.type === 'person' ? value.id : null);
  const organisation = useOrganisation(value?.type === 'organisation' ? value.id : null);
  const typeLabel = (type: EntityType) => t(type === 'person' ? 'search.type.person' : 'search.type.organisation');

  const options = new Map<string, { ref: RecordRef; name: string }>();
  if (value) options.set(keyOf(value), { ref: value, name: (value.type === 'person' ? person.data?.displayName : organisation.data?.name) ?? '…' });
  for (const hit of hits) {
    if (hit.id !== excludeId) options.set(keyOf(hit), { ref: { type: hit.type, id: hit.id }, name: hit.title });
  }

  return (
    <Select
      label={label}
      placeholder={placeholder}
      data={[...options].map(([key, o]) => ({ value: key, label: `${o.name} (${typeLabel(o.ref.type)})` }))}
      value={value ? keyOf(value) : null}
      onChange={(key) => onChange(key ? (options.get(key)?.ref ?? null) : null)}
      {...fieldProps}
      clearable
      error={error}
      data-testid={testId}
    />
  );
}
