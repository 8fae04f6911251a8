import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { CapStatus, PressureStatus } from './types.js';

/** Where a record stands against the contact-pressure caps (GET /api/pressure). */
export function usePressure(entityId: string | null | undefined) {
  return useQuery({
    queryKey: ['pressure', entityId],
    queryFn: () => api.get<PressureStatus>('/api/pressure', { entityId: entityId ?? '' }),
    enabled: Boolean(entityId),
    staleTime: 30_000,
  });
}

/** Caps one more outbound contact would cross. */
export const crossedCaps = (status: PressureStatus | undefined): CapStatus[] => status?.caps.filter((c) => c.wouldExceed) ?? [];

/** Caps reached, or one contact away from it: worth a warning before calling. */
export const nearCaps = (status: PressureStatus | undefined): CapStatus[] =>
  status?.caps.filter((c) => c.wouldExceed || c.count + 1 >= c.rule.maxContacts) ?? [];
