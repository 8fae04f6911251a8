import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { EntityType, TagCount } from '../../lib/types.js';

/**
 * Known tags, most used first, for filters and tag inputs: those of one kind of record when given
 * (a list's tag filter offers only tags its records carry), every tag otherwise.
 */
export function useTags(entityType?: EntityType): string[] {
  const query = useQuery({
    queryKey: ['tags', entityType ?? 'all'],
    queryFn: () => api.get<{ items: TagCount[] }>('/api/tags', { entityType }),
    staleTime: 60_000,
  });
  return [...(query.data?.items ?? [])].sort((a, b) => b.count - a.count).map((t) => t.tag);
}
