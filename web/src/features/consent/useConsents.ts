import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import { useLiveEvent } from '../events/liveBus.js';
import type { Consent, ConsentChannel, ConsentPurpose, ConsentStatus } from './types.js';

export type ConsentEntity = { type: 'person' | 'organisation'; id: string };

const base = (e: ConsentEntity) => `${e.type === 'person' ? '/api/people' : '/api/organisations'}/${e.id}/consents`;
export const consentsKey = (e: ConsentEntity) => ['consents', e.type, e.id];

/** A record's recorded consent, fresh when a colleague changes it (live `consent.changed`). */
export function useConsents(entity: ConsentEntity | null | undefined) {
  const queryClient = useQueryClient();
  useLiveEvent<{ entityType: string; entityId: string }>('consent.changed', (data) => {
    if (entity && data?.entityId === entity.id) void queryClient.invalidateQueries({ queryKey: consentsKey(entity) });
  });
  return useQuery({
    queryKey: entity ? consentsKey(entity) : ['consents', 'none'],
    queryFn: () => api.get<{ items: Consent[] }>(base(entity!)).then((r) => r.items),
    enabled: Boolean(entity?.id),
    staleTime: 30_000,
  });
}

/** Fetches (or reads fresh from the cache) a record's consent, for a check before dialling. */
export function fetchConsents(queryClient: ReturnType<typeof useQueryClient>, entity: ConsentEntity) {
  return queryClient.fetchQuery({ queryKey: consentsKey(entity), queryFn: () => api.get<{ items: Consent[] }>(base(entity)).then((r) => r.items), staleTime: 30_000 });
}

export interface ConsentChange {
  channel: ConsentChannel;
  purpose: ConsentPurpose;
  status: ConsentStatus | 'unknown';
  source?: string | null;
}

/** PUT the changed pairs; the answer is the whole new list. */
export function useSaveConsents(entity: ConsentEntity) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (changes: ConsentChange[]) => api.put<{ items: Consent[] }>(base(entity), changes).then((r) => r.items),
    onSuccess: (items) => queryClient.setQueryData(consentsKey(entity), items),
  });
}

/** True when the record refused marketing on the channel: contacting them there needs a reason. */
export const refusesMarketing = (items: Consent[] | undefined, channel: ConsentChannel) =>
  Boolean(items?.some((c) => c.channel === channel && c.purpose === 'marketing' && c.status === 'refused'));

/** True when the record refused marketing by phone: calling them needs a reason. */
export const refusesMarketingCalls = (items: Consent[] | undefined) => refusesMarketing(items, 'phone');
