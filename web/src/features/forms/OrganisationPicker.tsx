import { useState } from 'react';
import { MultiSelect } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { Organisation, OrganisationRef, Page } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';

interface OrganisationPickerProps {
  value: OrganisationRef[];
  onChange: (value: OrganisationRef[]) => void;
  error?: string;
}

/** Choose organisations by typing part of their name (searched on the server). */
export function OrganisationPicker({ value, onChange, error }: OrganisationPickerProps) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 200);
  const found = useQuery({
    queryKey: ['organisations', 'list', { q, picker: true }],
    queryFn: () => api.get<Page<Organisation>>('/api/organisations', { q, sort: 'name', limit: 20 }),
    placeholderData: keepPreviousData,
  });

  // The options must always include the chosen organisations, even when not in the results.
  const known = new Map<string, OrganisationRef>(value.map((o) => [o.id, o]));
  for (const o of found.data?.items ?? []) known.set(o.id, { id: o.id, name: o.name });

  return (
    <MultiSelect
      label={t('form.organisations')}
      placeholder={value.length ? undefined : t('form.organisationsPlaceholder')}
      data={[...known.values()].map((o) => ({ value: o.id, label: o.name }))}
      value={value.map((o) => o.id)}
      onChange={(ids) => onChange(ids.map((id) => known.get(id)).filter((o): o is OrganisationRef => Boolean(o)))}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      clearable
      error={error}
      data-testid="person-organisations-input"
    />
  );
}
