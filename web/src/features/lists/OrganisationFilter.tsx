import { useState } from 'react';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { Organisation, Page } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { useOrganisation } from '../organisations/useOrganisation.js';

/** The "no organisation" choice: no record id starts with a space. */
const NONE = ' none';

/** The people list's organisation filter: one organisation, found by typing part of its name, or none (`missing=organisationId`). */
export function OrganisationFilter({ value, none, onChange, onNone }: { value: string | null; none: boolean; onChange: (id: string | null) => void; onNone: () => void }) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 200);
  const chosen = useOrganisation(value);
  const found = useQuery({
    queryKey: ['organisations', 'list', { q, picker: true }],
    queryFn: () => api.get<Page<Organisation>>('/api/organisations', { q, sort: 'name', limit: 20 }),
    placeholderData: keepPreviousData,
  });
  // The chosen organisation is an option even when the search does not find it (a saved view, a link).
  const options = new Map<string, string>([[NONE, t('list.filter.noOrganisation')]]);
  if (value) options.set(value, chosen.data?.name ?? '…');
  for (const o of found.data?.items ?? []) options.set(o.id, o.name);
  return (
    <Select
      size="sm"
      label={t('list.filter.organisation')}
      data={[...options].map(([id, name]) => ({ value: id, label: name }))}
      value={none ? NONE : value}
      onChange={(id) => (id === NONE ? onNone() : onChange(id))}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      clearable
      w={200}
      data-testid="filter-organisation"
    />
  );
}
