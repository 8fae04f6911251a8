import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { Page } from '../../lib/types.js';
import type { FieldValue, HandOffRequest, Priority, RequestType, RequestWithHistory, Team } from './types.js';

/** Query parameters of GET /api/requests (teamId, open, assignee, openedBy, personId…). */
export type RequestFilter = Record<string, string | undefined>;

export function useTeams() {
  return useQuery({
    queryKey: ['teams'],
    queryFn: () => api.get<Page<Team>>('/api/teams'),
    staleTime: 5 * 60_000,
    select: (page) => page.items,
  });
}

export function useRequestTypes() {
  const query = useQuery({
    queryKey: ['requestTypes'],
    queryFn: () => api.get<Page<RequestType>>('/api/request-types'),
    staleTime: 5 * 60_000,
  });
  const types = query.data?.items ?? [];
  const byId = new Map(types.map((type) => [type.id, type]));
  return { ...query, types, typeOf: (id: string | null | undefined) => (id ? byId.get(id) : undefined) };
}

/** A list of requests, oldest deadline first, a page of 50 at a time. */
export function useRequestList(filter: RequestFilter, options: { enabled?: boolean; refetchInterval?: number } = {}) {
  const query = useInfiniteQuery({
    queryKey: ['requests', 'list', filter],
    queryFn: ({ pageParam, signal }) => api.get<Page<HandOffRequest>>('/api/requests', { ...filter, limit: 50, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: options.enabled ?? true,
    refetchInterval: options.refetchInterval,
  });
  return { ...query, items: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

export function useRequest(id: string | null | undefined) {
  return useQuery({
    queryKey: ['requests', 'one', id],
    queryFn: () => api.get<RequestWithHistory>(`/api/requests/${id}`),
    enabled: Boolean(id),
  });
}

export interface NewRequest {
  typeId: string;
  subject: string;
  description?: string;
  personId?: string;
  organisationId?: string;
  interactionId?: string;
  teamId?: string;
  priority: Priority;
  fields: Record<string, FieldValue>;
}

export interface TransitionInput {
  status: string;
  resolutionNote?: string;
  fields?: Record<string, FieldValue>;
  note?: string;
  version?: number;
}

/** Actions on one request; each refreshes every list and view of requests. */
export function useRequestActions() {
  const queryClient = useQueryClient();
  // Not awaited: callbacks given to mutate() only run while their component is mounted, and the
  // refetch may remove that component (a lead leaving "to treat", a request leaving the queue).
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['requests'] });
  const create = useMutation({
    meta: { inlineErrors: true },
    mutationFn: (input: NewRequest) => api.create<HandOffRequest>('/api/requests', input),
    onSettled: refresh,
  });
  const take = useMutation({
    mutationFn: (id: string) => api.post<HandOffRequest>(`/api/requests/${id}/take`),
    onSettled: refresh,
  });
  const update = useMutation({
    meta: { inlineErrors: true },
    mutationFn: ({ id, ...input }: { id: string; assigneeId?: string | null; description?: string | null; priority?: Priority; teamId?: string; version?: number }) =>
      api.patch<HandOffRequest>(`/api/requests/${id}`, input),
    onSettled: refresh,
  });
  const transition = useMutation({
    meta: { inlineErrors: true },
    mutationFn: ({ id, ...input }: TransitionInput & { id: string }) => api.post<HandOffRequest>(`/api/requests/${id}/transition`, input),
    onSettled: refresh,
  });
  const comment = useMutation({
    meta: { inlineErrors: true },
    mutationFn: ({ id, body, internal }: { id: string; body: string; internal: boolean }) =>
      api.create<RequestWithHistory>(`/api/requests/${id}/comments`, { body, internal }),
    onSettled: refresh,
  });
  return { create, take, update, transition, comment };
}
