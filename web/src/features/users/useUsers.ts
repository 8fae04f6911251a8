import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { Page, User } from '../../lib/types.js';

/** All users (for owner filters and names); empty if the caller may not list them. */
export function useUsers() {
  const query = useQuery({
    queryKey: ['users'],
    queryFn: () => api.get<Page<User>>('/api/users', { limit: 200 }),
    staleTime: 5 * 60_000,
  });
  const users = query.data?.items ?? [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return {
    users,
    nameOf: (id: string | null | undefined) => (id ? (byId.get(id)?.name ?? '') : ''),
  };
}
