import type { DialectFeatures, Tx } from '../../db/dialect/features.js';
import { AppError } from '../../errors.js';

/** A person or organisation by its id, while neither deleted nor merged away (a merge sets deleted_at too). */
function liveParty(handle: Tx, type: 'person' | 'organisation', id: string) {
  const table = type === 'person' ? 'people' : 'organisations';
  return handle.selectFrom(table).select('id').where('id', '=', id).where('deleted_at', 'is', null);
}

/** Whether this person or organisation is live: neither deleted nor merged away. */
export async function isLiveParty(handle: Tx, type: 'person' | 'organisation', id: string): Promise<boolean> {
  return Boolean(await liveParty(handle, type, id).executeTakeFirst());
}

/**
 * For a list filtered by a person or organisation (tasks, timeline, requests, leads, calls): whether each
 * one named is live. A deleted record's page is gone, and its lists with it (QUALITY 8), though
 * what they held stays readable by its id and in its team's or owner's lists; a merged-away
 * record's items have moved to the kept one, and a write racing the merge follows them there.
 */
export async function areFilterPartiesLive(handle: Tx, filter: { personId?: string | null; organisationId?: string | null }): Promise<boolean> {
  for (const [type, id] of [['person', filter.personId], ['organisation', filter.organisationId]] as const) {
    if (id && !(await isLiveParty(handle, type, id))) return false;
  }
  return true;
}

/**
 * Inside the transaction that writes something about a person or organisation (a task, an
 * interaction): the record is live, and stays so until the commit. A merge or deletion of it
 * changes its row, so it waits for this transaction, then finds and moves what it wrote; one that
 * came first makes this read see the record gone. Checked before the transaction only, a task
 * created while the record was merged stayed on the merged-away record, out of sight.
 */
export async function assertLiveParty(trx: Tx, dialect: Pick<DialectFeatures, 'forShare'>, type: 'person' | 'organisation', id: string, path: string) {
  const row = await dialect.forShare(liveParty(trx, type, id)).executeTakeFirst();
  if (!row) throw new AppError('VALIDATION_FAILED', `${path}: not found`, [{ path, message: 'not found' }]);
}

/** The one live organisation a person belongs to, if exactly one: what a contact with them is filed on too. */
export async function soleOrganisation(handle: Tx, personId: string): Promise<string | null> {
  const rows = await handle
    .selectFrom('person_organisations as po')
    .innerJoin('organisations as o', 'o.id', 'po.organisation_id')
    .select('o.id')
    .where('po.person_id', '=', personId)
    .where('o.deleted_at', 'is', null)
    .limit(2)
    .execute();
  return rows.length === 1 ? rows[0].id : null;
}
