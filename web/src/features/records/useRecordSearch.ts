import { useState } from 'react';
import type { OptionsFilter } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { SearchHit } from '../../lib/types.js';
import type { RecordType } from '../../auth/permissions.js';
import { useI18n } from '../../i18n/useI18n.js';

/**
 * People and organisations (only `type`, if given) matching `q`: the global search, GET
 * /api/search; asked only when `q` is not empty.
 */
/** Hits the search box shows; at this many there may be more, which the lists' text filter shows all of. */
export const SEARCH_HITS_LIMIT = 10;

export function useSearchHits(q: string, type?: RecordType) {
  const results = useQuery({
    queryKey: ['search', q, type],
    queryFn: ({ signal }) => api.get<{ items: SearchHit[] }>('/api/search', { q, type, limit: SEARCH_HITS_LIMIT }, signal),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
  return { results, hits: q ? (results.data?.items ?? []) : [] };
}

// The server already found them: no second filtering on the label.
const asFound: OptionsFilter = ({ options }) => options;

/**
 * A Select or MultiSelect choosing people or organisations (only `type`, if given) by typing, once
 * the typing pauses: the latest hits, and `fieldProps` to spread on the field.
 */
export function useSearchField(type?: RecordType) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 200);
  const { results, hits } = useSearchHits(q, type);
  return {
    hits,
    fieldProps: {
      searchable: true,
      searchValue: search,
      onSearchChange: setSearch,
      filter: asFound,
      // "No results" only once the search for what is typed has answered.
      nothingFoundMessage: q && !results.isFetching ? t('search.noResults', { q }) : undefined,
      comboboxProps: { withinPortal: true },
    },
  };
}
