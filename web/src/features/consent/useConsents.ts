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

/**
 * What the record refused on the channel: any contact ('service', the stronger), marketing, or
 * nothing (null). Contacting them there despite a refusal needs a reason, as the server asks.
 */
export function refusedOn(items: Consent[] | undefined, channel: ConsentChannel): ConsentPurpose | null {
  const refused = (purpose: ConsentPurpose) => Boolean(items?.some((c) => c.channel === channel && c.purpose === purpose && c.status === 'refused'));
  return refused('service') ? 'service' : refused('marketing') ? 'marketing' : null;
}
