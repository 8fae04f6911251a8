import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { Person } from '../../lib/types.js';

/** One person by id (shared cache with the record page, forms and task lists). */
export function usePerson(id: string | null | undefined) {
  return useQuery({
    queryKey: ['people', 'one', id],
    queryFn: () => api.get<Person>(`/api/people/${id}`),
    enabled: Boolean(id),
  });
}
