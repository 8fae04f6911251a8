import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { Page } from '../../lib/types.js';
import type { Lead, LeadReport, LeadSettings, LeadSource, LeadWithHistory } from './types.js';

export type LeadFilter = Record<string, string | undefined>;

/** Leads, newest first, a page of 50 at a time. */
export function useLeadList(filter: LeadFilter, options: { enabled?: boolean; refetchInterval?: number } = {}) {
  const query = useInfiniteQuery({
    queryKey: ['leads', 'list', filter],
    queryFn: ({ pageParam, signal }) => api.get<Page<Lead>>('/api/leads', { ...filter, limit: 50, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: options.enabled ?? true,
    refetchInterval: options.refetchInterval,
  });
  return { ...query, items: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

export function useLead(id: string | null | undefined) {
  return useQuery({
    queryKey: ['leads', 'one', id],
    queryFn: () => api.get<LeadWithHistory>(`/api/leads/${id}`),
    enabled: Boolean(id),
  });
}

export const LEAD_SETTINGS_KEY = ['leads', 'settings'] as const;

export function useLeadSettings() {
  return useQuery({
    queryKey: LEAD_SETTINGS_KEY,
    queryFn: () => api.get<LeadSettings>('/api/leads/settings'),
    staleTime: 5 * 60_000,
  });
}

export function useLeadReport(range: { from: string; to: string }, enabled = true) {
  return useQuery({
    queryKey: ['leads', 'report', range],
    queryFn: () => api.get<LeadReport>('/api/reports/leads', range),
    enabled,
  });
}

export interface NewLead {
  source: LeadSource;
  personId?: string;
  organisationId?: string;
  interactionId?: string;
  interest: string;
  potential?: number;
  suggestedOwnerId?: string;
  note?: string;
}

export function useLeadActions() {
  const queryClient = useQueryClient();
  // Not awaited: callbacks given to mutate() only run while their component is mounted, and the
  // refetch may remove that component (a lead leaving "to treat", a request leaving the queue).
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['leads'] });
  const create = useMutation({
    meta: { inlineErrors: true },
    mutationFn: (input: NewLead) => api.create<Lead>('/api/leads', input),
    onSettled: refresh,
  });
  const transition = useMutation({
    meta: { inlineErrors: true },
    mutationFn: ({ id, ...input }: { id: string; status: 'accepted' | 'converted' | 'rejected'; reason?: string; note?: string; version?: number }) =>
      api.post<Lead>(`/api/leads/${id}/transition`, input),
    onSettled: refresh,
  });
  const reassign = useMutation({
    meta: { inlineErrors: true },
    mutationFn: ({ id, ownerId }: { id: string; ownerId: string }) => api.patch<Lead>(`/api/leads/${id}`, { ownerId }),
    onSettled: refresh,
  });
  return { create, transition, reassign };
}
