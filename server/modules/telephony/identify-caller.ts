import type { Tx } from '../../db/dialect/features.js';
import { writeAudit } from '../audit/audit.js';
import { soleOrganisation } from '../parties/live-party.js';

/**
 * The record behind a number, as a call is filed: a single one is attached to the call; several
 * are listed on the card, not guessed.
 */
export async function matchCaller(handle: Tx, e164: string | null) {
  if (!e164) return { personId: null, organisationId: null, entityIds: [] as string[] };
  const points = await handle
    .selectFrom('contact_points as c')
    .leftJoin('people as p', (j) => j.onRef('p.id', '=', 'c.entity_id').on('p.deleted_at', 'is', null))
    .leftJoin('organisations as o', (j) => j.onRef('o.id', '=', 'c.entity_id').on('o.deleted_at', 'is', null))
    .select(['c.entity_type', 'c.entity_id', 'p.id as person', 'o.id as org'])
    .where('c.normalized', '=', e164)
    .where('c.kind', '=', 'phone')
    .limit(20)
    .execute();
  const live = points.filter((p) => p.person || p.org);
  const people = [...new Set(live.filter((p) => p.entity_type === 'person').map((p) => p.entity_id))];
  const orgs = [...new Set(live.filter((p) => p.entity_type === 'organisation').map((p) => p.entity_id))];
  const personId = people.length === 1 ? people[0] : null;
  // Filed like a call logged by hand: a person's call goes on their organisation too when they have exactly one.
  const organisationId = orgs.length === 1 && people.length <= 1 ? orgs[0] : personId && orgs.length === 0 ? await soleOrganisation(handle, personId) : null;
  return { personId, organisationId, entityIds: [...people, ...orgs] };
}

/** A call as it was logged: its caller may not have been known then. */
export interface LoggedCall {
  id: string;
  interaction_id: string | null;
  person_id: string | null;
  organisation_id: string | null;
}

/**
 * A caller identified only after the call came in (a person created from the screen pop, a
 * call-back turned into a lead): the call and its timeline entry join their file — the call log
 * shows their name, their history the call. Only a call that had no one: a known caller is never
 * replaced. Audited in the caller's transaction.
 */
export async function identifyCaller(trx: Tx, actorId: string, now: string, call: LoggedCall, who: { personId: string | null; organisationId: string | null }): Promise<void> {
  if (call.person_id || call.organisation_id || (!who.personId && !who.organisationId)) return;
  await trx.updateTable('calls').set({ person_id: who.personId, organisation_id: who.organisationId, updated_at: now }).where('id', '=', call.id).execute();
  if (!call.interaction_id) return;
  await trx
    .updateTable('interactions')
    .set({ person_id: who.personId, organisation_id: who.organisationId, updated_at: now, updated_by: actorId })
    .where('id', '=', call.interaction_id)
    .where('person_id', 'is', null)
    .where('organisation_id', 'is', null)
    .execute();
  await writeAudit(trx, { at: now, actorId, entityType: 'interaction', entityId: call.interaction_id, action: 'update', changes: { personId: { old: null, new: who.personId }, organisationId: { old: null, new: who.organisationId } } });
  const parties = [...(who.personId ? [{ entity_type: 'person', entity_id: who.personId }] : []), ...(who.organisationId ? [{ entity_type: 'organisation', entity_id: who.organisationId }] : [])];
  await trx
    .insertInto('interaction_participants')
    .values(parties.map((p) => ({ interaction_id: call.interaction_id!, ...p })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}
