import { useState } from 'react';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { SearchHit } from '../../lib/types.js';

/** People and organisations matching `q` (the global search, GET /api/search); asked only when `q` is not empty. */
export function useSearchHits(q: string) {
  const results = useQuery({
    queryKey: ['search', q],
    queryFn: ({ signal }) => api.get<{ items: SearchHit[] }>('/api/search', { q, limit: 10 }, signal),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
  return { results, hits: q ? (results.data?.items ?? []) : [] };
}

/**
 * A picker's search: the text typed, and the people and organisations found for it once the
 * typing pauses; none while nothing is typed.
 */
export function useRecordSearch() {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 200);
  const { results, hits } = useSearchHits(q);
  /** The search for what is typed has answered: "no results" may be said. */
  const answered = q.length > 0 && !results.isFetching;
  return { search, setSearch, q, hits, answered };
}
