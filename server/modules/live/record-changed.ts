import type { EventBus } from '../../events/bus.js';

/** Name of the live event telling record pages that a request or lead about their customer changed. */
export const RECORD_CHANGED = 'record.changed';

/** Data of a `record.changed` event: identifiers only. */
export interface RecordChanged {
  entity: 'request' | 'lead';
  id: string;
  personId: string | null;
  organisationId: string | null;
}

/**
 * Tells everyone who may see the customer's record and the request / lead that it changed, so
 * anyone looking at the record (not only the people concerned) sees its status live. The event
 * carries identifiers only: the page re-reads through the read routes, which apply the caller's
 * rights, so the stream never shows more than a read would.
 */
export async function publishRecordChanged(events: EventBus, change: RecordChanged): Promise<void> {
  if (!change.personId && !change.organisationId) return;
  const readers = change.entity === 'request' ? (['requests.read'] as const) : (['leads.read'] as const);
  await events.publish({
    type: RECORD_CHANGED,
    audience: { readers: [...readers, ...(change.personId ? (['people.read'] as const) : []), ...(change.organisationId ? (['organisations.read'] as const) : [])] },
    data: change,
  });
}
