import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { TagCount } from '../../lib/types.js';

/** Known tags, most used first, for filters and tag inputs. */
export function useTags(): string[] {
  const query = useQuery({
    queryKey: ['tags'],
    queryFn: () => api.get<{ items: TagCount[] }>('/api/tags'),
    staleTime: 60_000,
  });
  return [...(query.data?.items ?? [])].sort((a, b) => b.count - a.count).map((t) => t.tag);
}
