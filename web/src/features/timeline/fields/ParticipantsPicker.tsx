import { useState } from 'react';
import { MultiSelect } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api.js';
import type { SearchHit } from '../../../lib/types.js';
import { useI18n } from '../../../i18n/useI18n.js';

/** A person or organisation taking part, with the name it was chosen by. */
export interface ChosenParticipant {
  type: 'person' | 'organisation';
  id: string;
  name: string;
}

interface ParticipantsPickerProps {
  value: ChosenParticipant[];
  onChange: (value: ChosenParticipant[]) => void;
  /** The record the entry is about: already part of it, not offered. */
  excludeId?: string;
}

const keyOf = (p: { type: string; id: string }) => `${p.type}:${p.id}`;

/** Other people and organisations involved in an entry, found by typing (the global search). */
export function ParticipantsPicker({ value, onChange, excludeId }: ParticipantsPickerProps) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 200);
  const found = useQuery({
    queryKey: ['search', q],
    queryFn: ({ signal }) => api.get<{ items: SearchHit[] }>('/api/search', { q, limit: 10 }, signal),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });

  // The options always include those chosen, even when the latest search does not find them.
  const known = new Map<string, ChosenParticipant>(value.map((p) => [keyOf(p), p]));
  for (const hit of q ? (found.data?.items ?? []) : []) {
    if (hit.id !== excludeId) known.set(keyOf(hit), { type: hit.type, id: hit.id, name: hit.title });
  }
  const typeLabel = (type: ChosenParticipant['type']) => t(type === 'person' ? 'search.type.person' : 'search.type.organisation');

  return (
    <MultiSelect
      label={t('entry.participants')}
      placeholder={value.length ? undefined : t('entry.participantsPlaceholder')}
      data={[...known.entries()].map(([key, p]) => ({ value: key, label: `${p.name} (${typeLabel(p.type)})` }))}
      value={value.map(keyOf)}
      onChange={(keys) => onChange(keys.map((key) => known.get(key)).filter((p): p is ChosenParticipant => Boolean(p)))}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The server already found them: no second filtering on the label.
      filter={({ options }) => options}
      nothingFoundMessage={q && !found.isFetching ? t('search.noResults', { q }) : undefined}
      clearable
      comboboxProps={{ withinPortal: true }}
      data-testid="entry-participants"
    />
  );
}
