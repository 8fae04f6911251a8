import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { Organisation } from '../../lib/types.js';

/** One organisation by id. */
export function useOrganisation(id: string | null | undefined) {
  return useQuery({
    queryKey: ['organisations', 'one', id],
    queryFn: () => api.get<Organisation>(`/api/organisations/${id}`),
    enabled: Boolean(id),
  });
}
