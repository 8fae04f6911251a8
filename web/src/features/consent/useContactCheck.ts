import type { MouseEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import { crossedCaps } from '../telephony/usePressure.js';
import { dial } from '../telephony/dial.js';
import type { CapStatus, PressureStatus } from '../telephony/types.js';
import { consentsKey, fetchConsents, refusedOn, type ConsentEntity } from './useConsents.js';
import type { Consent, ConsentPurpose } from './types.js';

/** The channels a record's link contacts them on. */
export type ContactChannel = 'phone' | 'email';

/** What stands in the way of contacting a record: caps one more contact would cross, what it refused on the channel. */
export interface ContactBlock {
  caps: CapStatus[];
  consentRefused: ConsentPurpose | null;
}

const blocks = (b: ContactBlock) => b.caps.length > 0 || b.consentRefused !== null;

/**
 * Before contacting a record from one of its links (`tel:`, `mailto:`): its contact-pressure caps
 * and its consent on the channel, from the cache when fresh (a click must decide at once), else
 * asked of the server.
 */
export function useContactCheck(channel: ContactChannel) {
  const queryClient = useQueryClient();

  const cached = (target: ConsentEntity): ContactBlock | null => {
    const key = ['pressure', target.id];
    const fresh = (k: unknown[]) => {
      const state = queryClient.getQueryState(k);
      return Boolean(state?.data && Date.now() - state.dataUpdatedAt < 30_000);
    };
    if (!fresh(key) || !fresh(consentsKey(target))) return null;
    return {
      caps: crossedCaps(queryClient.getQueryData<PressureStatus>(key)),
      consentRefused: refusedOn(queryClient.getQueryData<Consent[]>(consentsKey(target)), channel),
    };
  };
  const fetched = (target: ConsentEntity): Promise<ContactBlock> =>
    Promise.all([
      queryClient.fetchQuery({ queryKey: ['pressure', target.id], queryFn: () => api.get<PressureStatus>('/api/pressure', { entityId: target.id }), staleTime: 30_000 }),
      fetchConsents(queryClient, target),
    ]).then(([status, consents]) => ({ caps: crossedCaps(status), consentRefused: refusedOn(consents, channel) }));

  /** Runs `go` when nothing stands in the way (or the check failed: contacting must still work), else `warn`. */
  const check = (target: ConsentEntity, go: () => void, warn: (block: ContactBlock) => void) => {
    const known = cached(target);
    (known ? Promise.resolve(known) : fetched(target)).then((b) => (blocks(b) ? warn(b) : go()), go);
  };

  /** A click on the record's link: followed at once when known to be clear, else held until checked. */
  const onLinkClick = (event: MouseEvent<HTMLAnchorElement>, target: ConsentEntity, warn: (block: ContactBlock) => void) => {
    const href = event.currentTarget.href;
    const known = cached(target);
    if (known && !blocks(known)) return;
    event.preventDefault();
    if (known) return warn(known);
    check(target, () => dial(href), warn);
  };

  return { check, onLinkClick };
}
