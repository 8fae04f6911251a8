import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { Page } from '../../lib/types.js';
import type { Callback } from './types.js';

/** How many call-backs wait (at most 200 are counted; more shows as "200+"). */
export function useOpenCallbackCount(): string | null {
  const query = useQuery({
    queryKey: ['callbacks', 'count'],
    queryFn: () => api.get<Page<Callback>>('/api/callbacks', { status: 'open', limit: 200 }),
    // Live events refresh it; polling is a safety net (roles that get no callback events).
    refetchInterval: 60_000,
  });
  if (!query.data) return null;
  const n = query.data.items.length;
  return query.data.nextCursor ? `${n}+` : String(n);
}
